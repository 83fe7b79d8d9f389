"""The PNG of a sweep: per-seed outcomes per policy, with each mean and its confidence interval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulator.report.plots import POLICY_COLOURS, png_bytes

__all__ = ["sweep_png"]

_PANELS = (
    ("cost_per_request", "USD per request"),
    ("slo_violation_minutes", "SLO-violation minutes"),
    ("regret", "regret (loss per request)"),
)


def _spread(i: int) -> float:
    # A fixed golden-ratio jitter: points of one column do not overlap, and no randomness.
    return ((i * 0.6180339887) % 1.0 - 0.5) * 0.35


def sweep_png(result: Mapping[str, Any]) -> bytes:
    """Every seed as a dot per policy and metric; the mean with its interval as an error bar."""
    figure = Figure(figsize=(10, 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    runs = result["runs"]
    policies = ("optimizer", "baseline", "oracle")
    for ax, (metric, label) in zip(figure.subplots(1, len(_PANELS)), _PANELS, strict=True):
        for x, policy in enumerate(policies):
            key = f"{policy}.{metric}"
            values = [float(r[key]) for r in runs if key in r]
            colour = POLICY_COLOURS[policy]
            ax.scatter(
                [x + _spread(i) for i in range(len(values))], values, s=10, color=colour, alpha=0.6
            )
            stats = result["aggregate"].get(key)
            if stats and stats["low"] is not None:
                below, above = stats["mean"] - stats["low"], stats["high"] - stats["mean"]
                ax.errorbar(
                    [x + 0.3],
                    [stats["mean"]],
                    yerr=[[below], [above]],
                    fmt="o",
                    color="black",
                    capsize=4,
                    ms=4,
                )
        ax.set_xticks(range(len(policies)), policies, fontsize=8)
        ax.set_title(label, fontsize=10)
    n = len(runs)
    level = round(100 * float(result.get("level", 0.95)))
    figure.suptitle(f"{result['scenario']}: {n} seeds, means with {level}% t intervals")
    return png_bytes(figure)
