"""The PII scanner: the right types and offsets, Luhn, redaction; the world's planted PII."""

from __future__ import annotations

import random

import pytest

from simulator.services.pii import PiiScanner, luhn_ok, redact


@pytest.fixture(scope="module")
def scanner() -> PiiScanner:
    return PiiScanner()


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("jane.doe@example.org", "email"),
        ("(415) 555-0134", "phone_number"),
        ("+1 415-555-0134", "phone_number"),
        ("415-555-0134", "phone_number"),
        ("123-45-6789", "ssn"),
        ("4111 1111 1111 1111", "credit_card"),
        ("4111-1111-1111-1111", "credit_card"),
        ("4111111111111111", "credit_card"),
        ("192.168.10.200", "ip_address"),
        ("1985-07-14", "date_of_birth"),
        ("4875 Martin Ford, Karenbury, DE 17452", "address"),
        ("Michael Carter", "name"),
    ],
)
def test_each_type_is_found_at_its_offsets(scanner: PiiScanner, value: str, kind: str) -> None:
    text = f"Please help. Details: {value}. Thanks"
    (found,) = scanner.scan(text)
    assert (found.type, found.start, found.end) == (kind, 22, 22 + len(value))
    assert text[found.start : found.end] == value
    assert found.method == ("dictionary" if kind == "name" else "regex")


def test_a_card_number_failing_luhn_is_not_a_card(scanner: PiiScanner) -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert scanner.scan("Card number: 4111111111111112.") == ()


def test_plain_text_has_no_pii(scanner: PiiScanner) -> None:
    text = "Summarize this support ticket: Health four big them kind garden. Version 2 of 3."
    assert scanner.scan(text) == ()


def test_redaction_masks_the_value() -> None:
    assert redact("email", "jane.doe@example.org") == "j***@example.org"
    assert redact("ssn", "123-45-6789") == "***-**-6789"
    assert redact("credit_card", "4111 1111 1111 1234") == "**** **** **** 1234"
    assert redact("name", "Michael Carter") == "M*** C***"


def test_finds_exactly_the_pii_the_world_plants(scanner: PiiScanner) -> None:
    from simulator.world.prompts import PromptPool

    pool = PromptPool(21, texts=32, values=16)
    mixer = pool.mixer()
    rng = random.Random(21)
    for _ in range(300):
        text, spans = mixer.with_pii(rng)
        found = {(d.type, d.start, d.end) for d in scanner.scan(text)}
        assert found == {(s.type, s.start, s.end) for s in spans}, text
    assert all(scanner.scan(t) == () for t in pool.texts)
