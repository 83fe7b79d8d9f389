"""The report package exports exactly its public names."""

from __future__ import annotations

import simulator.report as report


def test_all_lists_the_public_names_sorted() -> None:
    public = {n for n in vars(report) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(report, n)).__name__ == "module"}
    assert sorted(report.__all__) == report.__all__
    assert set(report.__all__) == public - modules
