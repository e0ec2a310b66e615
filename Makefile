# Every target sets itself up; `make setup` is near-instant when nothing changed.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test ingest bench corpus lint eval

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(PY) -m ingest
	$(PY) app.py

ingest: setup
	$(PY) -m ingest $(ARGS)

test: setup
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(PY) -m ruff check .
	$(PY) -m pytest $(ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

corpus: setup
	$(PY) corpus/build.py

bench: setup
	$(PY) scripts/bench_ingest.py

eval: setup
	$(PY) -m assistant.eval --qa corpus/eval/qa.jsonl --baseline
	test ! -d ../shared/realpdfs || $(PY) -m assistant.eval --qa ../shared/eval/realpdfs_examples.jsonl --corpus ../shared/realpdfs --baseline
