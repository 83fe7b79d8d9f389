"""Prompt pools: made once from the seed; planted PII is where its spans say, findable by regex."""

from __future__ import annotations

import random
import re

import pytest

from simulator.world.prompts import PII_TYPES, PromptPool, prompt_pool

# What a simple regex scanner (Shield's kind) looks for.
PATTERNS = {
    "email": r"[\w.+-]+@[\w-]+\.[\w.]+",
    "phone_number": r"(\+1 )?\(?\d{3}\)?[ -]\d{3}-\d{4}",
    "ssn": r"\d{3}-\d{2}-\d{4}",
    "credit_card": r"\d{4}([ -]?\d{4}){3}",
    "ip_address": r"(\d{1,3}\.){3}\d{1,3}",
    "name": r"[A-Z][a-z]+(-[A-Z][a-z]+)? [A-Z][a-z']+(-[A-Z][a-z]+)?",
    "date_of_birth": r"\d{4}-\d{2}-\d{2}",
    "address": r"\d+ [A-Za-z .]+, [A-Za-z .]+, [A-Z]{2} \d{5}",
}


def test_the_same_seed_makes_the_same_pool_and_another_seed_another() -> None:
    a, b, c = PromptPool(11), PromptPool(11), PromptPool(12)
    assert (a.texts, a.values) == (b.texts, b.values)
    assert a.texts != c.texts


def test_pools_are_shared_per_seed() -> None:
    assert prompt_pool(5) is prompt_pool(5)


def test_planted_values_sit_exactly_at_their_spans() -> None:
    mixer = prompt_pool(1).mixer()
    rng = random.Random(2)
    seen: set[str] = set()
    for _ in range(2000):
        text, spans = mixer.with_pii(rng)
        assert 1 <= len(spans) <= 2
        for span in spans:
            value = text[span.start : span.end]
            assert value in prompt_pool(1).values[span.type]
            assert text[span.end] == "."
            seen.add(span.type)
    assert seen == set(PII_TYPES)


@pytest.mark.parametrize("kind", PII_TYPES)
def test_every_value_has_a_format_a_regex_scanner_finds(kind: str) -> None:
    pattern = re.compile(PATTERNS[kind])
    for value in prompt_pool(1).values[kind]:
        assert pattern.fullmatch(value), value


def test_card_numbers_pass_the_luhn_check() -> None:
    for value in prompt_pool(1).values["credit_card"]:
        digits = [int(d) for d in re.sub(r"\D", "", value)]
        total = sum(digits[-1::-2]) + sum(sum(divmod(2 * d, 10)) for d in digits[-2::-2])
        assert total % 10 == 0, value


def test_texts_without_pii_carry_no_pii_pattern() -> None:
    strict = [re.compile(PATTERNS[k]) for k in ("email", "ssn", "credit_card", "ip_address")]
    for text in prompt_pool(1).texts:
        assert not any(p.search(text) for p in strict), text


def test_a_mix_limits_the_types_planted() -> None:
    mixer = prompt_pool(1).mixer({"ssn": 1.0})
    rng = random.Random(3)
    assert {s.type for _ in range(200) for s in mixer.with_pii(rng)[1]} == {"ssn"}
    with pytest.raises(ValueError, match="positive weight"):
        prompt_pool(1).mixer({"ssn": 0.0})
