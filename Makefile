# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

# Exit 1 means the rehearsal ran and found something (a failed checklist row, a lost item):
# its verdict is the output. Bad input (2) or a crash still fails the target.
run: $(STAMP)
	$(BIN)/infrasim rehearse || [ $$? -eq 1 ]

test: lint typecheck pytest

lint: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TSTAMP)
	$(BIN)/mypy

pytest: $(TSTAMP)
	$(BIN)/pytest --cov --cov-report=term

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .coverage
