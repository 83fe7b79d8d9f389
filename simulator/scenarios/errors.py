"""The one exception of the scenarios package.

ScenarioError (ValueError)   a scenario cannot be found, parsed or validated
"""

from __future__ import annotations

__all__ = ["ScenarioError"]


class ScenarioError(ValueError):
    """A scenario is missing or invalid; the message names the file, the path and the value."""
