"""Messages of the API's libraries that their own catalogues leave untranslated in Chinese:
marked here so that renju's catalogue carries them (it is consulted for every message)."""

from django.utils.translation import gettext_noop

UNTRANSLATED_LIBRARY_MESSAGES = (
    gettext_noop("A valid biginteger is required."),  # DRF's BigIntegerField
)
