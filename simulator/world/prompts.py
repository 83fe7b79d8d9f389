"""Prompt text and PII values, generated once with Faker from the scenario seed.

Faker costs 50-500 µs a call, so the pool is built once per world; a request then picks a text
and, at the configured rate, appends one or two PII values after a lead-in such as ``"My email
is "``, recording each value's character offsets as a ``PiiSpan``. Values use formats a regex
scanner finds (``555-12-3456``, ``(415) 555-0134``, Luhn-valid card numbers, IPv4); names are
``First Last`` from Faker's en_US name lists, for a dictionary scanner.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import accumulate

from simulator.world.records import PiiSpan

__all__ = ["DEFAULT_PII_MIX", "PII_TYPES", "PiiMixer", "PromptPool", "prompt_pool"]

PII_TYPES = (
    "email",
    "phone_number",
    "ssn",
    "credit_card",
    "ip_address",
    "name",
    "date_of_birth",
    "address",
)
DEFAULT_PII_MIX: Mapping[str, float] = {
    "email": 0.25,
    "phone_number": 0.18,
    "name": 0.2,
    "credit_card": 0.1,
    "ssn": 0.08,
    "ip_address": 0.1,
    "date_of_birth": 0.05,
    "address": 0.04,
}
_LEADS: Mapping[str, tuple[str, ...]] = {
    "email": ("Please reply to ", "My email is ", "Contact: "),
    "phone_number": ("Call me at ", "My phone number is ", "Phone: "),
    "ssn": ("My SSN is ", "SSN: "),
    "credit_card": ("Charge card ", "Card number: "),
    "ip_address": ("The request came from ", "Client IP: "),
    "name": ("My name is ", "Customer: "),
    "date_of_birth": ("Date of birth: ", "DOB: "),
    "address": ("Ship to ", "Address: "),
}
_TASKS = (
    "Summarize this support ticket: ",
    "Translate into French: ",
    "Write a polite reply to: ",
    "Classify the sentiment of: ",
    "Extract the action items from: ",
    "Answer the customer's question: ",
    "Rewrite more concisely: ",
    "Draft a product description from these notes: ",
)
_PHONE_FORMATS = ("(%##) %##-####", "%##-%##-####", "+1 %##-%##-####")


def _card(number: str, style: int) -> str:
    if style == 0 or len(number) != 16:
        return number
    sep = " " if style == 1 else "-"
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


class PromptPool:
    """Texts and PII values made once; ``draw`` composes a prompt with plain string operations."""

    def __init__(self, seed: int, *, texts: int = 256, values: int = 64) -> None:
        from faker import Faker  # imported here: it takes a third of a second

        fake = Faker("en_US")
        fake.seed_instance(seed)
        self.texts: tuple[str, ...] = tuple(
            _TASKS[i % len(_TASKS)] + fake.paragraph(nb_sentences=2) for i in range(texts)
        )
        makers: dict[str, Callable[[], str]] = {
            "email": fake.email,
            "phone_number": lambda: fake.numerify(fake.random_element(_PHONE_FORMATS)),
            "ssn": fake.ssn,
            "credit_card": lambda: _card(
                fake.credit_card_number(card_type=fake.random_element(("visa16", "mastercard"))),
                fake.random_int(0, 2),
            ),
            "ip_address": fake.ipv4_public,
            "name": lambda: f"{fake.first_name()} {fake.last_name()}",
            "date_of_birth": lambda: fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
            "address": lambda: (
                f"{fake.building_number()} {fake.street_name()}, {fake.city()}, "
                f"{fake.state_abbr()} {fake.zipcode()}"
            ),
        }
        self.values: dict[str, tuple[str, ...]] = {
            kind: tuple(make() for _ in range(values)) for kind, make in makers.items()
        }

    def mixer(self, mix: Mapping[str, float] | None = None) -> PiiMixer:
        """A sampler of PII types with relative weights ``mix`` (default: ``DEFAULT_PII_MIX``)."""
        return PiiMixer(self, mix or DEFAULT_PII_MIX)


class PiiMixer:
    """Composes prompts from a pool, planting PII of types drawn with given weights."""

    def __init__(self, pool: PromptPool, mix: Mapping[str, float]) -> None:
        kinds = [k for k in PII_TYPES if mix.get(k, 0.0) > 0]
        if not kinds:
            raise ValueError(f"Expected a PII mix with a positive weight, got mix={dict(mix)!r}.")
        self._pool = pool
        self._kinds = tuple(kinds)
        self._cum = tuple(accumulate(mix[k] for k in kinds))

    def text(self, rng: random.Random) -> str:
        """A prompt without PII (a shared string of the pool)."""
        texts = self._pool.texts
        return texts[int(rng.random() * len(texts))]

    def with_pii(self, rng: random.Random) -> tuple[str, tuple[PiiSpan, ...]]:
        """A prompt carrying one value (or, one time in four, two) and the spans of the values."""
        text = self.text(rng)
        spans = []
        for _ in range(2 if rng.random() < 0.25 else 1):
            kind = self._kinds[bisect(self._cum, rng.random() * self._cum[-1])]
            leads, values = _LEADS[kind], self._pool.values[kind]
            lead = leads[int(rng.random() * len(leads))]
            value = values[int(rng.random() * len(values))]
            start = len(text) + 1 + len(lead)
            text = f"{text} {lead}{value}."
            spans.append(PiiSpan(type=kind, start=start, end=start + len(value)))
        return text, tuple(spans)


@lru_cache(maxsize=8)
def prompt_pool(seed: int) -> PromptPool:
    """The pool of a seed, built once per process (pools are immutable, so worlds share them)."""
    return PromptPool(seed)
