"""Photo uploads for cases: accepted by what the file *is*, not by its name or declared type.

``validate_photo`` opens the upload with Pillow and accepts it only when it really is an image of
one of ``RENJU_PHOTO_TYPES`` (JPEG, PNG, WEBP) no larger than ``RENJU_MAX_PHOTO_BYTES``; the
stored name gets the extension of the detected type (a PNG called ``x.jpg`` is stored as
``.png``), never the uploader's file name. ``PhotoField`` is the form field every case form
(the villager's page, the crew's "resolved" form...) can reuse.

A photo's file is written to storage when its row is saved, inside the step's transaction; a
step that is then refused rolls the row back but not the file. ``saved_in_transaction`` wraps
such a step: the files saved inside it (``track``) are deleted again when it raises, and handed
on to an enclosing ``saved_in_transaction`` when it succeeds (the outer one may still fail).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Pillow's format name → (content type, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),  # phone cameras write JPEGs with extra frames as MPO
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
# Larger than any phone camera (200 MP); refuses decompression bombs before decoding.
MAX_PIXELS = 200_000_000


def _type_names() -> str:
    names = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
    return "/".join(names.get(t, t) for t in settings.RENJU_PHOTO_TYPES)


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("The file is not a photo of an accepted type (%(types)s)."),
        code="photo_type",
        params={"types": _type_names()},
    )


def validate_photo(upload: Any) -> str:
    """Check an uploaded photo; return its content type, or raise ``ValidationError``.

    Reads the header and verifies the file's structure (no full decode), so it stays cheap.
    On success the upload's name is replaced by ``photo.<ext>`` of the detected type.
    """
    max_bytes = int(settings.RENJU_MAX_PHOTO_BYTES)
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise ValidationError(
            _("The photo is too large (at most %(size)s)."),
            code="photo_size",
            params={"size": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise _not_an_image()
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = FORMATS.get(str(image.format))
                width, height = image.size
                if kind is None or kind[0] not in settings.RENJU_PHOTO_TYPES:
                    raise _not_an_image()
                if width * height > MAX_PIXELS:
                    raise _not_an_image()
                image.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise _not_an_image() from exc
    finally:
        upload.seek(0)
    content_type, ext = kind
    upload.name = f"photo.{ext}"
    if hasattr(upload, "content_type"):
        upload.content_type = content_type
    return content_type


class PhotoField(forms.FileField):
    """An optional-or-required photo checked by :func:`validate_photo` (type by content, size)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            validate_photo(upload)
        return upload


log = logging.getLogger(__name__)

# The names of the files saved by the innermost ``saved_in_transaction`` block (None outside).
_saved: ContextVar[list[str] | None] = ContextVar("renju_case_photos_saved", default=None)


def track(name: str) -> None:
    """Note a file just saved inside a ``saved_in_transaction`` block (no-op outside one)."""
    names = _saved.get()
    if names is not None:
        names.append(name)


def _delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # the refusal is what the user must see, not a cleaning failure
            log.warning("could not delete the photo %s of a refused step", name, exc_info=True)


@contextmanager
def saved_in_transaction() -> Iterator[None]:
    """An atomic block whose photo files are deleted again when it raises (rolls back)."""
    names: list[str] = []
    token = _saved.set(names)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete(names)
        raise
    finally:
        _saved.reset(token)
    outer = _saved.get()
    if outer is not None:
        outer.extend(names)
