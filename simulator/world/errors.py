"""The exceptions of the world package.

WorldError (ValueError)       the world was asked for something it does not have
 └── RoutingError             bad weights or parameters given to the gateway
"""

from __future__ import annotations

__all__ = ["RoutingError", "WorldError"]


class WorldError(ValueError):
    """The world was asked for something it does not have (an unknown model, a bad override)."""


class RoutingError(WorldError):
    """The gateway was given weights or parameters it cannot apply."""
