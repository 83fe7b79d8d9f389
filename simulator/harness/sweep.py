"""Many seeds of one scenario: one rehearsal per seed in parallel, means with 95% t intervals.

Locally a process pool runs the seeds (``spawn`` workers, each running ``rehearse`` without
logs); given a Dask scheduler address, the seeds go to that cluster instead (the optional extra
``infrasim[sweep]``). Each seed returns a small flat record; the sweep aggregates them.

Exceptions::

    SweepError  bad seeds, a missing optional dependency
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import Any

from simulator.harness.run import rehearse
from simulator.scenarios import load_scenario

__all__ = [
    "LEVEL",
    "MAX_SEEDS",
    "METRICS",
    "Interval",
    "SweepError",
    "aggregate",
    "mean_interval",
    "parse_seeds",
    "run_seed",
    "sweep",
    "t_quantile",
]

MAX_SEEDS = 1000
LEVEL = 0.95
POLICY_METRICS = ("cost_per_request", "slo_violation_minutes", "regret", "mean_loss")
TOTALS = ("lost", "duplicated", "contract_violations", "dead_letters")
METRICS = (
    *(f"{p}.{m}" for p in ("optimizer", "baseline", "oracle") for m in POLICY_METRICS),
    *TOTALS,
)
Record = dict[str, float]
OnDone = Callable[[Record], None]
_PART = re.compile(r"([0-9]+)(?:-([0-9]+))?")


class SweepError(Exception):
    """A sweep cannot start: bad seeds or a missing optional dependency."""


def parse_seeds(text: str, *, cap: int = MAX_SEEDS) -> tuple[int, ...]:
    """Seeds from ``"1-50"``, ``"7"`` or ``"1,3,10-12"`` (sorted, unique, at most ``cap``)."""
    seeds: set[int] = set()
    parts = [p.strip() for p in text.split(",")]
    for part in parts:
        match = _PART.fullmatch(part)
        if match is None:
            raise SweepError(f"Expected seeds such as '1-50' or '1,3,7', got seeds={text!r}.")
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low:
            raise SweepError(f"Expected a range low-high with low <= high, got seeds={part!r}.")
        if high - low + 1 + len(seeds) > cap:
            raise SweepError(f"Expected at most {cap} seeds, got more in seeds={text!r}.")
        seeds.update(range(low, high + 1))
    return tuple(sorted(seeds))


def _two_sided_cdf(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with an integer ``df`` (Abramowitz & Stegun 26.7.3-4)."""
    theta = math.atan(t / math.sqrt(df))
    c2, s = math.cos(theta) ** 2, math.sin(theta)
    if df % 2:
        term = total = math.cos(theta)
        for j in range(3, df - 1, 2):
            term *= c2 * (j - 1) / j
            total += term
        return 2 / math.pi * (theta + (s * total if df > 1 else 0.0))
    term = total = 1.0
    for j in range(2, df - 1, 2):
        term *= c2 * (j - 1) / j
        total += term
    return s * total


def t_quantile(level: float, df: int) -> float:
    """The two-sided critical value: ``P(|T| <= t) = level`` for Student's t with ``df``."""
    if not 0.0 < level < 1.0 or df < 1:
        raise ValueError(f"Expected 0 < level < 1 and df >= 1, got level={level}, df={df}.")
    low, high = 0.0, 1.0
    while _two_sided_cdf(high, df) < level:
        low, high = high, high * 2
    for _ in range(200):
        middle = (low + high) / 2
        if _two_sided_cdf(middle, df) < level:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


@dataclass(frozen=True, slots=True)
class Interval:
    """A sample's mean with its confidence interval (None bounds for a single value)."""

    n: int
    mean: float
    sd: float | None
    low: float | None
    high: float | None


def mean_interval(values: Sequence[float], level: float = LEVEL) -> Interval:
    """Mean and the t-distribution confidence interval of the mean."""
    n = len(values)
    if n == 0:
        raise ValueError("Expected at least one value, got none.")
    mean = math.fsum(values) / n
    if n == 1:
        return Interval(1, mean, None, None, None)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(level, n - 1) * sd / math.sqrt(n)
    return Interval(n, mean, sd, mean - half, mean + half)


def run_seed(scenario: str, seed: int, duration: str | None = None) -> Record:
    """One rehearsal without logs; its outcomes as a flat record (runs in a worker)."""
    summary = rehearse(load_scenario(scenario, seed=seed, duration=duration)).summary
    record: Record = {"seed": float(seed)}
    for policy, data in summary["outcomes"].items():
        for metric in POLICY_METRICS:
            record[f"{policy}.{metric}"] = float(data[metric])
    for what in ("lost", "duplicated"):
        record[what] = float(sum(c[what] for c in summary["feeds"].values()))
    violations = sum(s["contract_violations"] for s in summary["services"].values())
    record["contract_violations"] = float(violations)
    record["dead_letters"] = float(len(summary["dead_letters"]))
    return record


def aggregate(records: Iterable[Mapping[str, float]], level: float = LEVEL) -> dict[str, Any]:
    """Per metric: n, mean, sd and the confidence interval of the mean."""
    rows = list(records)
    return {
        metric: asdict(mean_interval([r[metric] for r in rows], level))
        for metric in METRICS
        if rows and all(metric in r for r in rows)
    }


def _local(jobs: Sequence[tuple[str, int, str | None]], workers: int, on_done: OnDone) -> None:
    if workers == 1:
        for job in jobs:
            on_done(run_seed(*job))
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for future in as_completed([pool.submit(run_seed, *job) for job in jobs]):
            on_done(future.result())


def _dask(jobs: Sequence[tuple[str, int, str | None]], address: str, on_done: OnDone) -> None:
    try:
        distributed = importlib.import_module("dask.distributed")
    except ImportError as exc:
        raise SweepError(
            f"Expected dask.distributed for --dask-scheduler {address}, got none installed: "
            "pip install 'infrasim[sweep]'."
        ) from exc
    with distributed.Client(address) as client:
        futures = [client.submit(run_seed, *job, pure=False) for job in jobs]
        for future in distributed.as_completed(futures):
            on_done(future.result())


def sweep(
    scenario: str,
    seeds: Sequence[int],
    *,
    duration: str | None = None,
    workers: int = 1,
    dask_scheduler: str | None = None,
    on_done: OnDone | None = None,
) -> dict[str, Any]:
    """Run every seed and aggregate: the content of ``sweep.json``."""
    if workers < 1:
        raise SweepError(f"Expected at least one worker, got workers={workers}.")
    records: list[Record] = []

    def done(record: Record) -> None:
        records.append(record)
        if on_done is not None:
            on_done(record)

    jobs = [(scenario, seed, duration) for seed in seeds]
    if dask_scheduler is not None:
        _dask(jobs, dask_scheduler, done)
    else:
        _local(jobs, min(workers, len(jobs)) or 1, done)
    records.sort(key=lambda r: r["seed"])
    failed = [int(r["seed"]) for r in records if any(r[k] for k in TOTALS[:3])]
    return {
        "scenario": scenario,
        "duration": duration,
        "seeds": list(seeds),
        "runner": f"dask {dask_scheduler}" if dask_scheduler else f"{workers} local workers",
        "level": LEVEL,
        "runs": records,
        "aggregate": aggregate(records),
        "failed_seeds": failed,
    }
