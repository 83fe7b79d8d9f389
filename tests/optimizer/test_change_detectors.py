"""Page-Hinkley and CUSUM in baseline units (optimizer/detectors.py)."""

from __future__ import annotations

import random

from optimizer.detectors import Cusum, PageHinkley


def noise(rng: random.Random, mean: float, sd: float, n: int) -> list[float]:
    return [rng.gauss(mean, sd) for _ in range(n)]


def first_alarm(detector: PageHinkley | Cusum, values: list[float]) -> int | None:
    for i, v in enumerate(values):
        if detector.update(v) is not None:
            return i
    return None


def test_page_hinkley_finds_a_fall_of_the_mean_quickly() -> None:
    rng = random.Random(1)
    ph = PageHinkley(direction="down", delta=0.5, limit=10.0, warmup=10)
    values = noise(rng, 0.9, 0.02, 40) + noise(rng, 0.7, 0.02, 40)
    alarm = first_alarm(ph, values)
    assert alarm is not None
    assert 40 <= alarm < 45


def test_page_hinkley_ignores_a_rise_when_watching_for_a_fall() -> None:
    rng = random.Random(2)
    ph = PageHinkley(direction="down", delta=0.5, limit=10.0, warmup=10)
    assert first_alarm(ph, noise(rng, 0.7, 0.02, 40) + noise(rng, 0.9, 0.02, 200)) is None


def test_cusum_finds_a_rise_and_names_its_direction_and_baseline() -> None:
    rng = random.Random(3)
    cusum = Cusum(k=0.5, limit=10.0, warmup=10)
    change = None
    for v in noise(rng, 6.5, 0.05, 30) + noise(rng, 7.0, 0.05, 30):
        change = cusum.update(v) or change
        if change:
            break
    assert change is not None
    assert change.direction == "up"
    assert abs(change.baseline - 6.5) < 0.05


def test_cusum_finds_a_fall() -> None:
    rng = random.Random(4)
    cusum = Cusum(k=0.5, limit=10.0, warmup=10)
    changes = [cusum.update(v) for v in noise(rng, 7.0, 0.05, 30) + noise(rng, 6.5, 0.05, 30)]
    assert [c.direction for c in changes if c is not None][:1] == ["down"]


def test_no_false_alarm_on_a_long_stationary_series() -> None:
    rng = random.Random(5)
    series = noise(rng, 0.0, 1.0, 5000)
    assert first_alarm(Cusum(k=0.5, limit=10.0, warmup=30), series) is None
    assert first_alarm(PageHinkley(direction="down", limit=10.0, warmup=30), series) is None


def test_a_detector_relearns_after_an_alarm_so_one_change_gives_one_alarm() -> None:
    rng = random.Random(6)
    cusum = Cusum(k=0.5, limit=10.0, warmup=10)
    values = noise(rng, 1.0, 0.05, 30) + noise(rng, 2.0, 0.05, 300)
    alarms = [i for i, v in enumerate(values) if cusum.update(v) is not None]
    assert len(alarms) == 1


def test_a_constant_baseline_still_detects_a_change() -> None:
    cusum = Cusum(k=0.5, limit=10.0, warmup=5)
    assert first_alarm(cusum, [5.0] * 10 + [6.0] * 5) is not None
