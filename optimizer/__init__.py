"""optimizer."""

__all__: list[str] = []
