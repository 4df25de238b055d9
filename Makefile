# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run chat demo test lint layers typecheck unit coverage migrate check lock bench clean

PIP := python -m pip --quiet --disable-pip-version-check

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/$(PIP) install --upgrade pip
	$(BIN)/$(PIP) install --no-compile -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## install, apply migrations, start the bot with long polling
	$(BIN)/northstar run

chat: $(STAMP)  ## talk to the bot in this terminal: no token, no network (./northstar-chat.db)
	$(BIN)/northstar chat

demo: $(STAMP)  ## a sample bakery's eight weeks, offline: prints the report, writes a chart and a CSV
	$(BIN)/northstar demo

migrate: $(STAMP)  ## apply database migrations only
	$(BIN)/northstar migrate

check: $(STAMP)  ## validate settings and prompt files
	$(BIN)/northstar check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

layers: $(STAMP)  ## import contracts in pyproject.toml: bot -> alignment -> storage, pure modules
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Two workers per core: the end-to-end tests spend part of their time waiting on HTTP and the
# database, so on 2 cores 4 workers finish about 15% sooner than 2.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))

unit: $(STAMP)  ## the whole suite, two workers per core
	$(BIN)/pytest -n $(WORKERS)

coverage: $(STAMP)  ## the suite with a coverage summary (files below 100% and the total); several times slower
	$(BIN)/pytest -n $(WORKERS) --cov --cov-report=term:skip-covered

test: lint layers typecheck unit  ## everything CI runs: lint, format, layers, types, the suite

LOCK_VENV := .lock-venv
lock:  ## resolve pyproject.toml's ranges afresh and pin the result in constraints.txt
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/$(PIP) install --upgrade pip
	$(LOCK_VENV)/bin/$(PIP) install -e '.[dev]'
	{ printf '%s\n' "# Exact versions for \`make\` installs (pip install -c constraints.txt -e '.[dev]')." \
	    "# Regenerate with \`make lock\` after changing the ranges in pyproject.toml; do not edit by hand."; \
	  $(LOCK_VENV)/bin/$(PIP) freeze --exclude-editable | grep -vE '^(pip|setuptools|wheel)=='; } > constraints.txt
	rm -rf $(LOCK_VENV)

BENCHES := pulse report fanout coach_cost

bench: $(STAMP)  ## benchmarks, not tests: a pulse answer against an echo bot, /report at size, the coach's tokens per month
	for module in $(BENCHES); do $(BIN)/python -m bench.$$module || exit 1; done

clean:
	rm -rf $(VENV) $(LOCK_VENV) .mypy_cache .pytest_cache .ruff_cache .import_linter_cache .coverage
