"""The report's PNG plots, drawn with matplotlib's object API (no pyplot state, Agg canvas)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulator.report.series import Series, rolling_mean

__all__ = [
    "POLICY_COLOURS",
    "Band",
    "bands_of",
    "cost_png",
    "decisions_png",
    "latency_png",
    "outcomes_png",
    "png_bytes",
    "traffic_share_png",
]

POLICY_COLOURS = {"optimizer": "#1f6fb4", "baseline": "#8a8a8a", "oracle": "#2e9e44"}
SMOOTHING = 15  # minutes of the trailing mean on the noisy per-minute curves


@dataclass(frozen=True, slots=True)
class Band:
    """An incident drawn as a shaded span, in hours since the start."""

    label: str
    start_h: float
    end_h: float


def bands_of(incidents: Sequence[Mapping[str, Any]], duration_s: float) -> tuple[Band, ...]:
    """The incident bands of a summary's incident list (open incidents run to the end)."""
    bands = []
    for incident in incidents:
        end = incident.get("end")
        end_s = duration_s if end is None else min(float(end), duration_s)
        bands.append(Band(str(incident["id"]), float(incident["start"]) / 3600, end_s / 3600))
    return tuple(bands)


def _clock(hours: float, _position: object = None) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _figure(height: float = 3.6) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(10, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    ax.xaxis.set_major_formatter(FuncFormatter(_clock))
    ax.set_xlabel("simulated time since the start (hh:mm)")
    return figure, ax


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG bytes (no software stamp, so the bytes depend only on the drawing)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _shade(ax: Axes, bands: Sequence[Band]) -> None:
    for band in bands:
        ax.axvspan(
            band.start_h, max(band.end_h, band.start_h + 1 / 60), color="#e4572e", alpha=0.12
        )
        ax.annotate(
            band.label,
            xy=(band.start_h, 0.97),
            xycoords=("data", "axes fraction"),
            xytext=(2, 0),
            textcoords="offset points",
            rotation=90,
            fontsize=7,
            va="top",
            ha="left",
            color="#a33a1d",
        )


def _empty(ax: Axes) -> None:
    ax.text(0.5, 0.5, "no minutes measured", ha="center", va="center", transform=ax.transAxes)


def traffic_share_png(series: Series, bands: Sequence[Band]) -> bytes:
    """Stacked share of requests per model over time, incidents shaded."""
    figure, ax = _figure(4.2)
    if len(series) and series.share:
        models = sorted(series.share)
        smoothed = [rolling_mean(series.share[m], 5) for m in models]
        ax.stackplot(series.hours, smoothed, labels=models, alpha=0.9)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        ax.set_ylim(0, 1)
    else:
        _empty(ax)
    _shade(ax, bands)
    ax.set_ylabel("share of requests")
    ax.set_title("Traffic share per model (optimizer run, 5-minute mean)")
    return png_bytes(figure)


def cost_png(series: Mapping[str, Series], means: Mapping[str, float] | None = None) -> bytes:
    """Cost per request over time for each policy's series; ``means`` as dashed lines."""
    figure, ax = _figure()
    drawn = False
    for policy, s in series.items():
        if len(s):
            smooth = rolling_mean(s.cost_per_request, SMOOTHING)
            ax.plot(s.hours, smooth, label=policy, color=POLICY_COLOURS.get(policy), lw=1.2)
            drawn = True
    for policy, mean in (means or {}).items():
        colour = POLICY_COLOURS.get(policy)
        ax.axhline(mean, color=colour, ls="--", lw=1.0, label=f"{policy} (whole run)")
    if drawn:
        ax.legend(fontsize=8)
    else:
        _empty(ax)
    ax.set_ylabel("USD per request")
    ax.set_title(f"Cost per request ({SMOOTHING}-minute mean)")
    return png_bytes(figure)


def latency_png(series: Mapping[str, Series], bands: Sequence[Band]) -> bytes:
    """p99 latency per minute against the threshold in force, incidents shaded."""
    figure, ax = _figure()
    threshold: Series | None = None
    for policy in ("baseline", "optimizer"):
        s = series.get(policy)
        if s is not None and len(s):
            ax.plot(s.hours, s.p99_ms, label=f"{policy} p99", color=POLICY_COLOURS[policy], lw=0.8)
            threshold = threshold or s
    if threshold is not None:
        ax.step(
            threshold.hours,
            threshold.p99_max_ms,
            where="post",
            color="#c0392b",
            lw=1.5,
            ls="--",
            label="p99 threshold",
        )
        ax.set_yscale("log")
        ax.legend(fontsize=8)
    else:
        _empty(ax)
    _shade(ax, bands)
    ax.set_ylabel("p99 latency (ms)")
    ax.set_title("p99 latency per minute vs the threshold in force")
    return png_bytes(figure)


def decisions_png(
    decisions: Sequence[Mapping[str, Any]], bands: Sequence[Band], duration_h: float
) -> bytes:
    """Every decision as a tick on its kind's row of a timeline."""
    kinds = sorted({str(d["kind"]) for d in decisions})
    figure, ax = _figure(max(2.4, 0.9 + 0.35 * len(kinds)))
    for row, kind in enumerate(kinds):
        times = [float(d["t"]) / 3600 for d in decisions if d["kind"] == kind]
        ax.scatter(times, [row] * len(times), marker="|", s=120, lw=1.2)
    if not kinds:
        _empty(ax)
    ax.set_yticks(range(len(kinds)), kinds, fontsize=8)
    ax.set_xlim(0, max(duration_h, 1 / 60))
    _shade(ax, bands)
    ax.set_title(f"Optimizer decisions on a timeline ({len(decisions)} decisions)")
    return png_bytes(figure)


def outcomes_png(outcomes: Mapping[str, Mapping[str, Any]]) -> bytes:
    """Optimizer, baseline and oracle side by side on cost, SLO minutes and regret."""
    figure = Figure(figsize=(10, 3.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    metrics = (
        ("cost_per_request", "USD per request"),
        ("slo_violation_minutes", "SLO-violation minutes"),
        ("regret", "regret (loss per request)"),
    )
    policies = list(outcomes)
    colours = [POLICY_COLOURS.get(p, "#555555") for p in policies]
    for ax, (metric, label) in zip(figure.subplots(1, len(metrics)), metrics, strict=True):
        values = [float(outcomes[p].get(metric) or 0.0) for p in policies]
        ax.bar(policies, values, color=colours)
        ax.set_title(label, fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    figure.suptitle("Optimizer vs baseline vs oracle (same seed)")
    return png_bytes(figure)
