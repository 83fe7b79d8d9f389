"""ConfigManager routing rules as the gateway applies them: ``block`` and ``route`` by condition.

A rule whose conditions all hold for a request (no conditions: every request) acts on its
``targetModels``: ``block`` removes them from routing (no targets: every model), ``route`` and
``redirect`` restrict routing to them (the enabled rule with the lowest priority number wins).
``fallback`` rules are left to the fallback chain. Condition fields are request attributes:
``client_id``, ``region``, ``input_tokens``, ``output_tokens``, ``has_pii``, ``pii_count``,
``pii_types``, ``prompt_variant``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["RuleSet", "matches"]


def _contains(value: Any, wanted: Any) -> bool:
    if isinstance(value, str):
        return str(wanted) in value
    return isinstance(value, Iterable) and wanted in value


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(value: Any, wanted: Any) -> bool:
        try:
            return op(value, wanted)
        except TypeError:
            return False

    return check


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda v, w: v == w,
    "ne": lambda v, w: v != w,
    "gt": _compare(lambda v, w: v > w),
    "gte": _compare(lambda v, w: v >= w),
    "lt": _compare(lambda v, w: v < w),
    "lte": _compare(lambda v, w: v <= w),
    "contains": _contains,
    "regex": lambda v, w: re.search(str(w), str(v)) is not None,
    "in": lambda v, w: isinstance(w, Sequence) and v in w,
}


def matches(conditions: Sequence[Mapping[str, Any]], attrs: Mapping[str, Any]) -> bool:
    """True when every condition holds for a request's attributes (unknown operators fail)."""
    for condition in conditions:
        check = _OPERATORS.get(condition.get("operator", ""))
        if check is None or not check(
            attrs.get(condition.get("field", "")), condition.get("value")
        ):
            return False
    return True


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The enabled rules of a routing config by priority, with the unconditional ones folded."""

    models: frozenset[str]
    rules: tuple[Mapping[str, Any], ...] = ()
    blocked: frozenset[str] = frozenset()
    forced: tuple[str, ...] | None = None
    conditional: bool = False

    @classmethod
    def of(cls, rules: Iterable[Mapping[str, Any]], models: Iterable[str]) -> RuleSet:
        """Sort the enabled rules by priority and fold the unconditional ones."""
        known = frozenset(models)
        active = tuple(
            sorted((r for r in rules if r.get("enabled", True)), key=lambda r: r.get("priority", 0))
        )
        blocked, forced = _fold(active, known, {})
        conditional = any(r.get("conditions") for r in active)
        return cls(known, active, blocked, forced, conditional)

    def for_request(
        self, attrs: Mapping[str, Any]
    ) -> tuple[frozenset[str], tuple[str, ...] | None]:
        """The models blocked for a request and the models it is forced to (None: any)."""
        if not self.conditional:
            return self.blocked, self.forced
        return _fold(self.rules, self.models, attrs)


def _fold(
    rules: Iterable[Mapping[str, Any]], models: frozenset[str], attrs: Mapping[str, Any]
) -> tuple[frozenset[str], tuple[str, ...] | None]:
    # Without attributes only unconditional rules apply.
    blocked: set[str] = set()
    forced: tuple[str, ...] | None = None
    for rule in rules:
        conditions = rule.get("conditions") or ()
        if conditions and not (attrs and matches(conditions, attrs)):
            continue
        targets = tuple(rule.get("targetModels") or ())
        if rule.get("action") == "block":
            blocked.update(targets or models)
        elif rule.get("action") in ("route", "redirect") and forced is None and targets:
            forced = targets
    return frozenset(blocked), forced
