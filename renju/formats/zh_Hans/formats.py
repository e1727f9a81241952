"""Django's 简体中文 formats, with large numbers grouped by thousands: Django leaves them
ungrouped ("230692700 元" on the funds page), while the statistics the officials read (the
city's reports, our PDF and spreadsheet exports) write 230,692,700."""

from django.conf.locale.zh_Hans import formats as django_zh

DATE_FORMAT = django_zh.DATE_FORMAT
TIME_FORMAT = django_zh.TIME_FORMAT
DATETIME_FORMAT = django_zh.DATETIME_FORMAT
YEAR_MONTH_FORMAT = django_zh.YEAR_MONTH_FORMAT
MONTH_DAY_FORMAT = django_zh.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = django_zh.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = django_zh.SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = django_zh.FIRST_DAY_OF_WEEK
DATE_INPUT_FORMATS = django_zh.DATE_INPUT_FORMATS
TIME_INPUT_FORMATS = django_zh.TIME_INPUT_FORMATS
DATETIME_INPUT_FORMATS = django_zh.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = django_zh.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
