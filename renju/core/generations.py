"""Generation tokens: caching what is read on every request from tables that seldom change.

A cache entry built from rows of some tables (who the signed-in user is, her grants) is filed
under the current *token* of a generation that watches those tables. Any write to one of them
replaces the token (at once, and again when its transaction commits), so every entry built
before is never read again (and expires on its own). Readers take the token before they read
the rows: an entry built from rows read while a change was being committed is filed under the
old token.

Writes are seen two ways: Django's ``post_save`` / ``post_delete`` of the watched models
(pages, the API, the admin, tests), and the audit events every other write path records
(:func:`written`, called by ``core.audit`` for imports, bulk edits, the region tree's loader and
the demo city).

Tokens live in the shared cache (the file cache or Redis), so all server processes see a change
at once. A token that falls out of the cache comes back as a new one: everything is read again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_watchers: dict[str, set[str]] = {}  # model label ("accounts.user") -> generation names


def _key(name: str) -> str:
    return f"renju:generation:{name}"


def token(name: str) -> str:
    """The current token of generation ``name`` (take it before reading the rows)."""
    value = cache.get(_key(name))
    if value is None:
        value = secrets.token_hex(8)
        if not cache.add(_key(name), value, timeout=None):
            value = cache.get(_key(name), value)
    return str(value)


def cached(name: str, key: str, build: Callable[[], T], timeout: int | None = 300) -> T:
    """What ``build()`` reads, kept under ``key`` in the current generation ``name`` (the token
    is taken first, as the module's rule asks). ``build`` may give None: kept too."""
    full_key = f"renju:{key}:{token(name)}"
    kept: tuple[T] | None = cache.get(full_key)
    if kept is None:
        kept = (build(),)
        cache.set(full_key, kept, timeout=timeout)
    return kept[0]


def bump(name: str) -> None:
    """A new token for ``name`` now, and again once the current transaction commits.

    Now: what this transaction reads next is read again (the rest of a request, a test inside
    its transaction). At the commit: what other processes read and kept while the change was
    not yet visible to them is not read again either."""
    _renew(name)
    transaction.on_commit(lambda: _renew(name))


def _renew(name: str) -> None:
    cache.set(_key(name), secrets.token_hex(8), timeout=None)


def written(labels: Iterable[str]) -> None:
    """Rows of the models ``labels`` ("app_label.model_name") were written: new tokens for the
    generations watching them."""
    names = set().union(*(_watchers.get(label, ()) for label in labels))
    for name in sorted(names):
        bump(name)


def _on_write(sender: type[models.Model], **kwargs: Any) -> None:
    if not kwargs.get("raw"):  # fixtures being loaded: their own rows, nothing cached yet
        written([sender._meta.label_lower])


def watch(name: str, *watched: type[models.Model]) -> None:
    """Generation ``name`` changes with every write to the ``watched`` models."""
    for model in watched:
        _watchers.setdefault(model._meta.label_lower, set()).add(name)
        uid = f"renju.generations:{model._meta.label_lower}"  # one receiver bumps them all
        post_save.connect(_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid)
