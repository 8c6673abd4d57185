# The two commands of the README: `make demo` (the main job) and `make test` (everything).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENGINE := scripts/ensure-engine.sh
WITH_ENGINE = PATH="$$($(ENGINE)):$$PATH"

.PHONY: demo demo-destroy demo-stop test soak bench lint typecheck unit emulator-tests e2e engine venv clean

demo: venv
	$(WITH_ENGINE) $(PY) -m tools.demo

demo-destroy: venv
	$(WITH_ENGINE) $(PY) -m tools.demo --destroy

demo-stop:
	$(PY) -m tools.demo --stop

test: venv lint typecheck
	$(WITH_ENGINE) $(PY) -m pytest

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: venv
	$(PY) -m mypy

unit: venv
	$(PY) -m pytest tests/unit

emulator-tests: venv
	$(PY) -m pytest tests/emulator

e2e: venv
	$(WITH_ENGINE) $(PY) -m pytest tests/e2e

soak: venv
	$(WITH_ENGINE) $(PY) -m pytest tests/soak -m soak -s -q

engine:
	$(ENGINE)

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf .demo .pytest_cache .mypy_cache .ruff_cache

bench: venv
	$(WITH_ENGINE) $(PY) -m tools.bench
