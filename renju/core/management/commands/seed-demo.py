"""`renju seed-demo`: the documented spelling of seed_demo."""

from .seed_demo import Command

__all__ = ["Command"]
