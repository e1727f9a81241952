"""Demo step: compute the indicators once the demo ledgers exist."""

from renju.core.demo import DemoContext, demo_step

from . import engine


@demo_step("indicators", order=90)
def compute_indicators(ctx: DemoContext) -> None:
    timings = engine.recompute(ctx.city_code)
    ctx.log(f"indicators: {len(timings)} computed in {sum(timings.values()):.1f}s")
