"""Small pure functions on routing weight vectors (model id -> share)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

__all__ = ["blend", "distance", "move_share", "normalise", "restrict", "uniform"]

Weights = Mapping[str, float]


def normalise(weights: Weights) -> dict[str, float]:
    """Positive shares scaled to sum to exactly 1 (sorted keys); empty when nothing is positive."""
    positive = {m: w for m, w in sorted(weights.items()) if w > 0.0 and math.isfinite(w)}
    total = math.fsum(positive.values())
    if total <= 0.0:
        return {}
    shares = {m: share for m, w in positive.items() if (share := w / total) > 0.0}
    # Put the rounding residue on the largest share so the sum is 1 within float precision.
    top = max(shares, key=lambda m: (shares[m], m))
    shares[top] += 1.0 - math.fsum(shares.values())
    return shares


def uniform(models: Iterable[str]) -> dict[str, float]:
    """Equal shares over ``models``."""
    names = sorted(set(models))
    return {m: 1.0 / len(names) for m in names} if names else {}


def restrict(weights: Weights, allowed: Iterable[str]) -> dict[str, float]:
    """``weights`` without the models not in ``allowed``, renormalised."""
    keep = set(allowed)
    return normalise({m: w for m, w in weights.items() if m in keep})


def blend(base: Weights, other: Weights, share: float) -> dict[str, float]:
    """(1 - share) * base + share * other, renormalised."""
    keys = set(base) | set(other)
    return normalise(
        {m: (1.0 - share) * base.get(m, 0.0) + share * other.get(m, 0.0) for m in keys}
    )


def distance(a: Weights | None, b: Weights | None) -> float:
    """L1 distance between two weight vectors (2.0 when one of them is missing)."""
    if a is None or b is None:
        return 0.0 if a is b else 2.0
    return math.fsum(abs(a.get(m, 0.0) - b.get(m, 0.0)) for m in set(a) | set(b))


def move_share(
    weights: Weights, model: str, keep: float, receivers: Weights
) -> dict[str, float] | None:
    """Move ``1 - keep`` of ``model``'s share to ``receivers`` in proportion to their values.

    None when there is no receiver with a positive value (nowhere to move the traffic).
    """
    targets = normalise({m: v for m, v in receivers.items() if m != model})
    if not targets:
        return None
    freed = weights.get(model, 0.0) * (1.0 - keep)
    moved = dict(weights)
    moved[model] = weights.get(model, 0.0) * keep
    for m, share in targets.items():
        moved[m] = moved.get(m, 0.0) + freed * share
    return normalise(moved)
