"""Fixtures of the adapter tests: a fake clock, a mocked transport, contract examples."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import Any

import httpx
import pytest
import respx

from adapters.base import BaseAdapter
from adapters.config import AdapterConfig

SECRET = "sk-test-7f3a91-very-secret"
START = 1_741_939_200.0  # 2025-03-14T08:00:00Z


class FakeClock:
    """Time that moves only when slept; every sleep recorded."""

    def __init__(self, now: float = START) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


def base_url(service: str) -> str:
    """The base URL the tests give each service's adapter."""
    return f"http://{service}.test"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as http:
        yield http


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=True) as mock:
        yield mock


@pytest.fixture
def make_adapter(client: httpx.Client, clock: FakeClock) -> Callable[..., Any]:
    """Build an adapter of a class with the test base URL and key, plus config overrides."""

    def make(cls: type[BaseAdapter[Any]], **overrides: Any) -> Any:
        settings: dict[str, Any] = {"api_base_url": base_url(cls.service), "api_key": SECRET}
        settings.update(overrides)
        config: AdapterConfig = cls.config_type(**settings)
        return cls(config, client=client, clock=clock)

    return make


def example(service: str, type_name: str, index: int = 1) -> Any:
    """The contract's valid example of a type (``.valid.json`` or ``.valid.N.json``)."""
    suffix = "valid.json" if index == 1 else f"valid.{index}.json"
    path = files("contracts") / "consumer" / service / "examples" / f"{type_name}.{suffix}"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def examples() -> Callable[..., Any]:
    return example


@pytest.fixture
def fake_clock_type() -> type[FakeClock]:
    return FakeClock


@pytest.fixture
def secret() -> str:
    return SECRET


@pytest.fixture
def url_of() -> Callable[[str], str]:
    return base_url
