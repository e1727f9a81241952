"""Messages of Django's and the libraries' that their catalogues leave untranslated, or say
awkwardly, in Chinese: marked here so that renju's catalogue carries them (LOCALE_PATHS come
first, so its words win)."""

from django.utils.translation import gettext_noop

LIBRARY_MESSAGES = (
    gettext_noop("A valid biginteger is required."),  # DRF's BigIntegerField: none
    # Django's reads "具有 单位编码 的 单位 已存在。", spaces and all.
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
)
