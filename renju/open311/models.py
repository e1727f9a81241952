"""API keys for the Open311 POST endpoint."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from renju.accounts.models import Organisation

KEY_PREFIX_LENGTH = 8


def hash_key(raw: str) -> str:
    """SHA-256 of a key: keys are 256-bit random tokens, so a plain digest is enough."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiKey(models.Model):
    """A key an app sends as ``api_key`` to report problems (GET endpoints need none).

    Rule: only the hash of the key is kept; the key itself is shown once, when it is issued.
    A key acts for its organisation: reports are placed inside the organisation's area, and the
    organisation is noted on the case and its audit events. An inactive key is refused.
    """

    name = models.CharField(
        verbose_name=_("name"),
        max_length=100,
        help_text=_("Which app or partner uses the key."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="open311_keys",
    )
    prefix = models.CharField(verbose_name=_("key prefix"), max_length=KEY_PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(verbose_name=_("active"), default=True)
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(verbose_name=_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self) -> str:
        """Give the row a fresh random key and return it (the only time it can be read)."""
        raw = secrets.token_urlsafe(32)
        self.prefix = raw[:KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(raw)
        return raw

    @classmethod
    def issue(cls, organisation: Organisation, name: str) -> tuple[ApiKey, str]:
        """A new active key for ``organisation``: ``(row, raw key)``."""
        key = cls(organisation=organisation, name=name)
        raw = key.set_new_key()
        key.save()
        return key, raw

    @classmethod
    def authenticate(cls, raw: str) -> ApiKey | None:
        """The active key whose hash matches ``raw`` (with its organisation), else None."""
        if not raw:
            return None
        key = (
            cls.objects.select_related("organisation", "organisation__region")
            .filter(key_hash=hash_key(raw), is_active=True, organisation__is_active=True)
            .first()
        )
        if key is not None:
            now = timezone.now()
            cls.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key
