"""`renju load-regions`: the documented spelling of load_regions."""

from .load_regions import Command

__all__ = ["Command"]
