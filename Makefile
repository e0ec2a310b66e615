# Every target sets itself up; `make setup` is near-instant when nothing changed.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test ingest bench corpus lint eval load bench-scale audit lock

# requirements.lock pins every package, direct or not, to the versions CI was green with.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' -c requirements.lock
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
	$(PY) -m ruff format --check .
	$(PY) -m pytest $(ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

corpus: setup
	$(PY) corpus/build.py

bench: setup
	$(PY) scripts/bench_ingest.py

# Every evaluation set, as typed (beside the plain LangChain pipeline), typed without å, ä, ö and
# with one slip; the figures are written into docs/evaluation.md. One set: python -m assistant.eval
eval: setup
	$(PY) scripts/eval_report.py --write docs/evaluation.md

# N simulated users against the running app (start it with `make run` first); loopback only.
load: setup
	$(PY) scripts/load.py $(ARGS)

bench-scale: setup
	$(PY) scripts/bench_scale.py $(ARGS)

# Known vulnerabilities in the installed environment; reported, never failing the build (a fix
# may not exist yet, and the advisory database may be unreachable).
audit: setup
	@mkdir -p test-artifacts
	-@timeout 300 $(PY) -m pip_audit -r requirements.lock --no-deps --disable-pip --progress-spinner off $(ARGS) > test-artifacts/pip-audit.txt 2>&1; \
	  grep -v "could not be audited" test-artifacts/pip-audit.txt | grep -v "^-*  *-*$$" | head -40; \
	  echo "pip-audit: $$(grep -c 'could not be audited' test-artifacts/pip-audit.txt) packages could not be audited (advisory source unreachable or package unknown there); full report in test-artifacts/pip-audit.txt"

# After changing a pin in pyproject.toml: resolve afresh in a clean environment and lock the result.
lock:
	rm -rf .lock-venv && ($(PYTHON) -m venv .lock-venv || python3 -m venv .lock-venv)
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# Every package the project and its dev extra install, at the versions CI runs with."; \
	  echo "# Used as pip constraints by 'make setup' and audited by 'make audit'. Regenerate: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | sort -f; } > requirements.lock
	rm -rf .lock-venv
