"""The demo city: a deterministic generator made of steps that each app registers.

The region tree is real; everything a step makes is simulated and flagged so, and the UI says
so. Steps run in their declared order with one ``random.Random`` per step seeded from the run's
seed and the step's name, so a step's output does not change when another step changes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class DemoContext:
    scale: float
    seed: int
    city_code: str
    log: Callable[[str], None]
    data: dict[str, Any]

    def rng(self, name: str) -> random.Random:
        digest = hashlib.sha256(f"{self.seed}:{name}".encode()).hexdigest()
        return random.Random(int(digest[:16], 16))


@dataclass
class DemoStep:
    name: str
    order: int
    run: Callable[[DemoContext], None]


_steps: dict[str, DemoStep] = {}


def demo_step(
    name: str, order: int
) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    def decorator(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _steps[name] = DemoStep(name, order, func)
        return func

    return decorator


def steps() -> list[DemoStep]:
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("renju."):
            try:
                importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
    return sorted(_steps.values(), key=lambda s: s.order)
