"""Sludge receivers: where pumped-out toilet sludge can be delivered for treatment (S14).

The toilet app records pump-outs and must not know the sewage app; the sewage app knows which
plants take sludge and how a delivery is recorded. A receiver app registers here in its
``AppConfig.ready()``; the pump-out form asks :func:`choices` for the plants of the case's
county and, once the pump-out is saved, :func:`record` writes the delivery in the same
transaction. With no receiver registered there are no choices and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (value, label) pairs offered on the form; the value is opaque to the caller.
Choices = list[tuple[str, str]]


@dataclass(frozen=True)
class SludgeReceiver:
    """``choices(county_id)`` lists the receivers of a county; ``record(user, pumpout, value)``
    records the delivery of a saved pump-out to the chosen one and raises ``ValueError`` (its
    message shown to the user) when the choice is not valid for that pump-out."""

    key: str
    choices: Callable[[int | None], Choices]
    record: Callable[[Any, Any, str], Any]


_receivers: dict[str, SludgeReceiver] = {}


def register(receiver: SludgeReceiver) -> SludgeReceiver:
    _receivers[receiver.key] = receiver
    return receiver


def unregister(key: str) -> None:
    """Remove a receiver (tests use it to check the form without one)."""
    _receivers.pop(key, None)


def _receiver() -> SludgeReceiver | None:
    # One receiver app today (sewage); the first registered wins if more appear.
    return next(iter(_receivers.values()), None)


def available() -> bool:
    return _receiver() is not None


def choices(county_id: int | None) -> Choices:
    """The receivers offered for a pump-out in ``county_id`` (empty without a receiver app)."""
    receiver = _receiver()
    return receiver.choices(county_id) if receiver is not None else []


def record(user: Any, pumpout: Any, value: str) -> Any:
    """Record ``pumpout``'s sludge as delivered to ``value`` (call inside its transaction)."""
    receiver = _receiver()
    if receiver is None or not value:
        return None
    return receiver.record(user, pumpout, value)
