"""Django's 简体中文 formats, with large numbers grouped by thousands: Django leaves them
ungrouped ("230692700 元" on the funds page), while the statistics the officials read (the
city's reports, our PDF and spreadsheet exports) write 230,692,700."""

from django.conf.locale.zh_Hans import formats as django_zh

# Every format Django's locale sets (its upper-case names), then ours over them.
globals().update({name: value for name, value in vars(django_zh).items() if name.isupper()})

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
