"""contracts.version_ranges: Cargo and npm semver ranges, PEP 440 specifiers."""

from __future__ import annotations

import pytest

from contracts.version_ranges import (
    RangeError,
    _pep440_subset,
    cargo_satisfies,
    npm_satisfies,
    pep440_satisfies,
    version_tuple,
)


@pytest.mark.parametrize(
    ("requirement", "version", "expected"),
    [
        ("0.1", "0.1.1", True),
        ("0.1", "0.2.0", False),
        ("0.2", "0.1.1", False),
        ("^1.2", "1.9.0", True),
        ("^1.2", "2.0.0", False),
        ("^0.0.3", "0.0.4", False),
        ("~1.2.3", "1.2.9", True),
        ("~1.2.3", "1.3.0", False),
        ("~1", "1.9.9", True),
        ("=0.1.0", "0.1.1", False),
        ("=0.1", "0.1.7", True),
        (">=0.1, <0.5", "0.5.0", False),
        (">=0.1, <0.5", "0.4.9", True),
        ("*", "7.0.0", True),
        ("1.*", "1.4.0", True),
        ("1.*", "2.0.0", False),
    ],
)
def test_cargo_requirements(requirement: str, version: str, expected: bool) -> None:
    assert cargo_satisfies(requirement, version) is expected


@pytest.mark.parametrize(
    ("spec", "version", "expected"),
    [
        ("^0.1.0", "1.0.1", False),
        ("^0.1.0", "0.1.3", True),
        ("^0.2.1", "0.2.4", True),
        ("^1.0.0", "1.9.0", True),
        ("~0.1.1", "0.1.9", True),
        ("~0.1.1", "0.2.0", False),
        ("0.5.x", "0.5.0", True),
        ("0.1.0", "0.1.1", False),
        ("0.1", "0.1.1", True),
        (">=1 <2", "2.0.0", False),
        (">= 1.0.0 < 2", "1.5.0", True),
        ("1.0.0 - 1.2.0", "1.2.0", True),
        ("1.0.0 - 1.2", "1.2.5", True),
        ("<1.0.0 || >=2.0.0", "1.5.0", False),
        ("<1.0.0 || >=2.0.0", "2.1.0", True),
        (">0.1", "0.1.9", False),
        ("<=0.1", "0.1.9", True),
        ("*", "3.0.0", True),
        ("", "3.0.0", True),
    ],
)
def test_npm_ranges(spec: str, version: str, expected: bool) -> None:
    assert npm_satisfies(spec, version) is expected


@pytest.mark.parametrize(
    ("spec", "version", "expected"),
    [
        (">=0.2", "0.1.0", False),
        ("~=0.1", "0.1.9", True),
        ("~=0.1.0", "0.2.0", False),
        ("==0.1.*", "0.1.4", True),
        ("==0.1.0", "0.1.0", True),
        ("!=0.1.0", "0.1.0", False),
        (">=0.1,<0.2", "0.1.5", True),
    ],
)
def test_pep440_specifiers_with_packaging_and_with_the_subset(
    spec: str, version: str, expected: bool
) -> None:
    assert pep440_satisfies(spec, version) is expected
    assert _pep440_subset(spec, version) is expected


@pytest.mark.parametrize("bad", ["banana", "1.2.3.4.5", ""])
def test_unparsable_versions_raise_range_error(bad: str) -> None:
    with pytest.raises(RangeError):
        version_tuple(bad)


def test_unparsable_ranges_raise_range_error() -> None:
    with pytest.raises(RangeError):
        cargo_satisfies("", "1.0.0")
    with pytest.raises(RangeError):
        npm_satisfies("next-gen", "1.0.0")
    with pytest.raises(RangeError):
        pep440_satisfies("^0.1", "0.1.0")
    with pytest.raises(RangeError):
        _pep440_subset("about 0.1", "0.1.0")


def test_version_tuple_ignores_a_leading_v_and_prerelease_tags() -> None:
    assert version_tuple("v1.2.3-beta.1") == (1, 2, 3)
