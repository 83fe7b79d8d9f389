"""The decision strategies: each turns one cycle's ``Context`` into a ``Proposal`` or None."""

from __future__ import annotations

from optimizer.strategies.adjust import propose_cost, propose_drift
from optimizer.strategies.base import Canary, Context, Memory, Proposal, Routing, compose
from optimizer.strategies.canary import propose_canary, start_canary
from optimizer.strategies.explore import propose_exploration
from optimizer.strategies.guard import propose_failover, propose_latency_shift
from optimizer.strategies.selection import propose_selection, target_allocation
from optimizer.strategies.tuning import propose_tuning

__all__ = [
    "Canary",
    "Context",
    "Memory",
    "Proposal",
    "Routing",
    "compose",
    "propose_canary",
    "propose_cost",
    "propose_drift",
    "propose_exploration",
    "propose_failover",
    "propose_latency_shift",
    "propose_selection",
    "propose_tuning",
    "start_canary",
    "target_allocation",
]
