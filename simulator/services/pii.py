"""Shield's PII scanner: one precompiled regex for the pattern types, a dictionary for names.

Pattern types: email, phone number (US formats), SSN, credit card (13-19 digits or four groups
of four, Luhn-checked), IPv4 address, ISO date (as date of birth), US street address. Names are
"First Last" pairs whose first word is in a dictionary of first names (Faker's en_US list, so the
scanner knows the names the workload plants). Results are memoized per prompt text: most prompts
are shared texts of the workload's pool, so a repeated prompt costs one dict lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["RISK", "Detection", "PiiScanner", "luhn_ok", "redact"]

RISK = {
    "ssn": 0.9,
    "credit_card": 0.85,
    "passport": 0.8,
    "bank_account": 0.8,
    "medical_record": 0.7,
    "drivers_license": 0.7,
    "date_of_birth": 0.5,
    "address": 0.5,
    "phone_number": 0.4,
    "email": 0.35,
    "name": 0.3,
    "ip_address": 0.25,
}
_CONFIDENCE = {"credit_card": 0.97, "ssn": 0.95, "email": 0.98, "ip_address": 0.9}
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_DIGIT_PATTERNS = (
    ("credit_card", r"(?<![\w-])(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}|\d{13,19})(?![\w-])"),
    ("ssn", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])"),
    (
        "phone_number",
        r"(?<![\w+(-])(?:\+1[ -]?)?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?:x\d{1,5})?(?![\w-])",
    ),
    ("ip_address", rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\w|\.\d)"),
    (
        "date_of_birth",
        r"(?<![\w-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])",
    ),
    (
        "address",
        r"(?<![\w-])\d{1,6} [A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)*, [A-Z][A-Za-z'-]+"
        r"(?: [A-Z][A-Za-z'-]+)*, [A-Z]{2} \d{5}(?![\w-])",
    ),
)
_DIGITS = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _DIGIT_PATTERNS))
_FIRST_DIGIT = re.compile(r"\d")
_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][A-Za-z'-]+)\b")
_MEMO_LIMIT = 8192


@dataclass(frozen=True, slots=True)
class Detection:
    """One PII value found in a text: its type, offsets, masked value, method, confidence."""

    type: str
    start: int
    end: int
    redacted: str
    method: str
    confidence: float


def luhn_ok(digits: str) -> bool:
    """True when a digit string passes the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def redact(kind: str, value: str) -> str:
    """The masked value: e-mail keeps its first letter and domain, numbers their last 4 digits."""
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "name":
        return " ".join(f"{part[:1]}***" for part in value.split())
    digits = sum(ch.isdigit() for ch in value)
    keep = 4 if kind in ("credit_card", "ssn", "phone_number") and digits > 4 else 0
    seen, out = 0, []
    for ch in value:
        if ch.isalnum():
            seen += 1
            out.append(ch if ch.isdigit() and seen > digits - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


@cache
def _default_names() -> frozenset[str]:
    from faker.providers.person.en_US import Provider

    return frozenset(Provider.first_names)


class PiiScanner:
    """Finds PII in prompt texts; ``scan`` is memoized per text."""

    def __init__(self, first_names: Iterable[str] | None = None) -> None:
        self.first_names = frozenset(first_names) if first_names is not None else _default_names()
        self.memo: dict[str, tuple[Detection, ...]] = {}

    def scan(self, text: str) -> tuple[Detection, ...]:
        """Every PII value in ``text``, in offset order."""
        found = self.memo.get(text)
        if found is None:
            found = self._scan(text)
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[text] = found
        return found

    def _scan(self, text: str) -> tuple[Detection, ...]:
        found = self._emails(text)
        first = _FIRST_DIGIT.search(text)
        if first is not None:  # every digit pattern starts at most one character before a digit
            for match in _DIGITS.finditer(text, max(0, first.start() - 1)):
                kind = match.lastgroup
                assert kind is not None
                value = match.group()
                if kind == "credit_card" and not luhn_ok(value.replace(" ", "").replace("-", "")):
                    continue
                if _overlaps(found, match.start(), match.end()):
                    continue
                confidence = _CONFIDENCE.get(kind, 0.8)
                found.append(
                    Detection(
                        kind, match.start(), match.end(), redact(kind, value), "regex", confidence
                    )
                )
        for match in _NAME.finditer(text):
            if match.group(1) in self.first_names and not _overlaps(
                found, match.start(), match.end()
            ):
                value = match.group()
                found.append(
                    Detection(
                        "name", match.start(), match.end(), redact("name", value), "dictionary", 0.7
                    )
                )
        found.sort(key=lambda d: d.start)
        return tuple(found)

    @staticmethod
    def _emails(text: str) -> list[Detection]:
        found: list[Detection] = []
        at = text.find("@")
        while at >= 0:
            start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
            match = _EMAIL.match(text, start)
            if match is not None and match.end() > at:
                value = match.group()
                found.append(
                    Detection(
                        "email", match.start(), match.end(), redact("email", value), "regex", 0.98
                    )
                )
                at = text.find("@", match.end())
            else:
                at = text.find("@", at + 1)
        return found


def _overlaps(found: list[Detection], start: int, end: int) -> bool:
    return any(d.start < end and start < d.end for d in found)
