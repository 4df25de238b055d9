# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit migrate check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## install, apply migrations, start the bot with long polling
	$(BIN)/northstar run

migrate: $(STAMP)  ## apply database migrations only
	$(BIN)/northstar migrate

check: $(STAMP)  ## validate settings and prompt files
	$(BIN)/northstar check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit  ## everything CI runs: lint, format, types, the whole suite

BENCHES := $(sort $(basename $(notdir $(filter-out bench/__init__.py,$(wildcard bench/*.py)))))

bench: $(STAMP)  ## timings at size: runs every module in bench/ and prints milliseconds
	for module in $(BENCHES); do $(BIN)/python -m bench.$$module || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
