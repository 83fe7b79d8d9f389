"""Thompson sampling over Beta-Bernoulli arms: "the request met the SLOs", one arm per model.

The posterior of an arm is Beta(1 + successes, 1 + failures) counted over a sliding window, so
old failures are forgotten and a recovered model is found again. Shares are probability
matching: the fraction of rounds (one draw per arm each) that an arm wins.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Arm", "thompson_shares"]


@dataclass(frozen=True, slots=True)
class Arm:
    """Windowed evidence for one model: requests that met the SLOs and requests that did not."""

    successes: float
    failures: float

    @property
    def alpha(self) -> float:
        """First Beta parameter (uniform prior included)."""
        return 1.0 + max(0.0, self.successes)

    @property
    def beta(self) -> float:
        """Second Beta parameter (uniform prior included)."""
        return 1.0 + max(0.0, self.failures)

    @property
    def mean(self) -> float:
        """Posterior mean success probability."""
        return self.alpha / (self.alpha + self.beta)


def thompson_shares(arms: Mapping[str, Arm], rng: random.Random, draws: int) -> dict[str, float]:
    """Probability-matching shares: the fraction of ``draws`` rounds each arm wins.

    Arms are visited in sorted order and ties go to the first, so one seed gives one result.
    """
    names = sorted(arms)
    if not names:
        return {}
    wins = dict.fromkeys(names, 0)
    params = [(name, arms[name].alpha, arms[name].beta) for name in names]
    for _ in range(draws):
        best_name, best_value = names[0], -1.0
        for name, alpha, beta in params:
            value = rng.betavariate(alpha, beta)
            if value > best_value:
                best_name, best_value = name, value
        wins[best_name] += 1
    return {name: count / draws for name, count in wins.items()}
