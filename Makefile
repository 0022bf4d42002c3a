# One entry point for people and CI. `make test` is what .ci/run calls.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.run-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8080

.PHONY: serve test check lint format typecheck bench bench-stores load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@ $(RUN_STAMP)

## serve: run the notes backend on http://127.0.0.1:$(PORT) on the embedded SQLite store
serve: $(RUN_STAMP)
	$(VENV)/bin/faasport serve --port $(PORT)

## test: the whole suite (builds and starts the real servers it needs, caches them in .cache/)
test: $(DEV_STAMP)
	$(PY) -m pytest

## check: lint, format check, strict typing, import layers, then the whole suite
check: lint typecheck test

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(DEV_STAMP)
	$(VENV)/bin/mypy

## bench: adapter overhead, cold start and artifact sizes vs peers (not part of the tests)
bench: $(DEV_STAMP)
	$(PY) tools/bench.py $(BENCH_ARGS)

## bench-stores: per-operation latency of MongoStore (FerretDB) vs SQLiteStore vs MemoryStore
bench-stores: $(DEV_STAMP)
	$(PY) tools/bench_stores.py

## load: requests per second of `faasport serve` under a loopback load from a second process
load: $(RUN_STAMP)
	$(PY) tools/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .cache dist .pytest_cache .mypy_cache .ruff_cache
