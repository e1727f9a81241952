"""The ledger framework: declare a ledger once, get list, detail, forms, import, export, API."""

from .columns import Column
from .registry import Ledger, get_ledger, ledgers, register

__all__ = ["Column", "Ledger", "get_ledger", "ledgers", "register"]
