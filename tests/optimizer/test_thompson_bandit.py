"""Beta-Bernoulli Thompson sampling (optimizer/bandit.py)."""

from __future__ import annotations

import random

import pytest

from optimizer.bandit import Arm, thompson_shares


def test_arm_posterior_includes_the_uniform_prior() -> None:
    arm = Arm(successes=8.0, failures=2.0)
    assert (arm.alpha, arm.beta) == (9.0, 3.0)
    assert arm.mean == pytest.approx(0.75)
    assert Arm(0.0, 0.0).mean == 0.5


def test_shares_sum_to_one_and_favour_the_better_arm() -> None:
    arms = {"good": Arm(95, 5), "bad": Arm(50, 50), "unknown": Arm(0, 0)}
    shares = thompson_shares(arms, random.Random(0), 400)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["good"] > 0.8
    assert shares["bad"] < 0.05


def test_an_arm_without_data_still_wins_sometimes() -> None:
    shares = thompson_shares({"known": Arm(90, 10), "new": Arm(0, 0)}, random.Random(1), 400)
    assert 0.0 < shares["new"] < 0.3


def test_one_seed_gives_one_result() -> None:
    arms = {"a": Arm(5, 5), "b": Arm(6, 4)}
    assert thompson_shares(arms, random.Random(9), 50) == thompson_shares(
        dict(reversed(arms.items())), random.Random(9), 50
    )


def test_no_arm_gives_no_shares() -> None:
    assert thompson_shares({}, random.Random(0), 10) == {}
