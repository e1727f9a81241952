"""Masking personal data in lists (names and phone numbers)."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: keep the family name's first character."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return phone
