"""The optimizer's errors: one root.

Tree::

    OptimizerError          root: every failure the optimizer raises
    ├── DecisionError       a decision breaks its invariants (no reason, bad weights, bad kind)
    ├── SettingsError       a setting is out of range (also a ValueError)
    └── IntakeError         an Infra value cannot be turned into signals or config (also TypeError)
"""

from __future__ import annotations

__all__ = ["DecisionError", "IntakeError", "OptimizerError", "SettingsError"]


class OptimizerError(Exception):
    """Root of every error the optimizer raises."""


class DecisionError(OptimizerError):
    """A decision breaks its invariants."""


class SettingsError(OptimizerError, ValueError):
    """A setting is out of range."""


class IntakeError(OptimizerError, TypeError):
    """An Infra value cannot be mapped to signals or configuration."""
