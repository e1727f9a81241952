"""Per-category transition hooks: a domain app reacts to its cases' steps without the case
engine knowing the domain.

A domain app registers in its ``AppConfig.ready()``::

    from renju.cases.hooks import on_transition
    on_transition("sewage.fault", facility_fault_step, kinds={"confirmed", "closed"})

``actions`` calls :func:`run` after every step's event is written, inside the step's transaction
(the case row is locked): a hook's write commits or rolls back with the step, and a hook that
raises refuses the step. A hook gets the case (already in its new state), the ``CaseEvent`` just
written (``event.kind`` is an ``EventKind``) and the acting user (``None`` for the system or an
anonymous reporter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

TransitionHook = Callable[[Any, Any, Any], None]


@dataclass(frozen=True)
class _Registration:
    hook: TransitionHook
    kinds: frozenset[str] | None  # None: every step


_hooks: dict[str, list[_Registration]] = {}


def on_transition(
    category: str, hook: TransitionHook, kinds: Iterable[str] | None = None
) -> TransitionHook:
    """Call ``hook(case, event, user)`` after each step of a case of ``category`` whose event
    kind is in ``kinds`` (every step when ``None``). Registering the same hook twice is a no-op."""
    wanted = frozenset(str(k) for k in kinds) if kinds is not None else None
    registration = _Registration(hook, wanted)
    found = _hooks.setdefault(category, [])
    if registration not in found:
        found.append(registration)
    return hook


def run(case: Any, event: Any, user: Any = None) -> None:
    """Run the hooks registered for ``case.category`` that want ``event.kind``."""
    for registration in _hooks.get(case.category, ()):
        if registration.kinds is None or event.kind in registration.kinds:
            registration.hook(case, event, user)
