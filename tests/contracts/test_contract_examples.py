"""Every shipped example passes (valid) or fails (invalid) both validators, for one reason only."""

from __future__ import annotations

import jsonschema
import pytest

import contracts

ALL_EXAMPLES = [e for s in contracts.SERVICES for e in contracts.examples(s)]


def _reference(example: contracts.Example) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        contracts.load_schema(example.service, example.type_name),
        registry=contracts.registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_every_schema_has_a_valid_and_an_invalid_example() -> None:
    for service in contracts.SERVICES:
        for name in contracts.schema_names(service):
            kinds = {e.valid for e in contracts.examples(service) if e.type_name == name}
            assert kinds == {True, False}, f"{service}/{name}"


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: e.label)
def test_example_agrees_with_compiled_and_reference_validators(
    example: contracts.Example,
) -> None:
    errors = list(_reference(example).iter_errors(example.instance))
    if example.valid:
        contracts.validate(example.instance, service=example.service, schema=example.type_name)
        assert errors == []
    else:
        with pytest.raises(contracts.ContractViolation) as caught:
            contracts.validate(example.instance, service=example.service, schema=example.type_name)
        assert len(errors) == 1, [e.message for e in errors]  # breaks exactly one rule
        assert caught.value.json_path == errors[0].json_path


def test_reference_validator_really_checks_date_time_formats() -> None:
    # jsonschema skips format checks silently without its format extra: this must fail
    example = next(e for e in ALL_EXAMPLES if e.type_name == "CostTelemetryEvent" and e.valid)
    broken = {**example.instance, "timestamp": "14/03/2025 09:00"}
    assert not _reference(example).is_valid(broken)
    assert not contracts.validator("cost-ops", schema="CostTelemetryEvent").is_valid(broken)
