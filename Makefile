# Two commands on a fresh machine: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: demo test lint format services-up services-down chaos bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet "uv>=0.4,<1"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

demo: $(STAMP)  ## generate sample data if missing and run the whole pipeline on embedded backends
	$(BIN)/sago demo

test: $(STAMP)  ## lint, start the real servers, run every test
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

chaos: $(STAMP)  ## crash and outage scenarios at full size (CHAOS_ARGS="--kills 5 --rows 3000")
	$(BIN)/python scripts/services.py up
	eval "$$($(BIN)/python scripts/services.py env)" && $(BIN)/sago chaos $(CHAOS_ARGS)

# `up` probes each server through its client library (in the venv); `down` needs none.
services-up: $(STAMP)
	$(BIN)/python scripts/services.py up

services-down:
	$(PYTHON) scripts/services.py down

clean:
	rm -rf $(VENV) .sago output .pytest_cache .mypy_cache .ruff_cache
