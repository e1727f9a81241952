"""Locale formats overriding Django's (``FORMAT_MODULE_PATH``)."""
