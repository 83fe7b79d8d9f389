"""The test tree: unique test file names (pytest imports by basename), features only Gherkin."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_test_file_names_are_unique() -> None:
    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []


def test_features_holds_only_feature_files() -> None:
    others = [p for p in (ROOT / "features").rglob("*") if p.is_file() and p.suffix != ".feature"]
    assert others == []
