# The two commands of the README: `make demo` (the main job) and `make test` (everything).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENGINE := scripts/ensure-engine.sh
WITH_ENGINE = PATH="$$($(ENGINE)):$$PATH"
# The validator the Connect CLI runs on connect.yaml, pinned by its lock file: the oracle of the tests.
ORACLE := tests/oracle
# make test runs the tests in this many processes (pytest-xdist): each end-to-end test has its own
# emulator, backend and folders. Work stealing keeps every process busy to the end: the default
# scheduling hands each process one run of consecutive tests first, and the first run held nearly
# every end-to-end test, which one process then ran alone (672 s against 324 s, one 2-core machine).
TEST_WORKERS ?= 3

# The TypeScript compiler and @pulumi/pulumi the generated SDK is type-checked with.
SDK_TOOLS := sdk/node_modules/.package-lock.json

.PHONY: demo demo-destroy demo-stop test sdk sdk-check sdk-nodejs sdk-go-check typescript-e2e go-e2e plugin plugin-e2e soak bench lint typecheck unit emulator-tests e2e engine yaml-host venv oracle oracle-check docs clean

demo: venv
	$(WITH_ENGINE) $(PY) -m tools.demo

demo-destroy: venv
	$(WITH_ENGINE) $(PY) -m tools.demo --destroy

demo-stop:
	$(PY) -m tools.demo --stop

test: venv lint typecheck docs oracle yaml-host sdk-check
	$(WITH_ENGINE) $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: venv
	$(PY) -m mypy

# The documentation site (docs/, mkdocs.yml) into .site/, offline; any warning fails it.
docs: venv
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet

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

# The YAML language host the YAML programs' tests run (built from the Go module proxy once, then cached).
yaml-host:
	scripts/ensure-yaml-host.sh >/dev/null

# sdk/schema.json from the code, then sdk/<language>/ for each language whose host is on PATH
# (pulumi-language-nodejs, -python, -go, -dotnet: put a directory holding them first on PATH).
sdk: venv
	$(WITH_ENGINE) $(PY) -m tools.sdk

# The generated TypeScript SDK compiles (tsc and @pulumi/pulumi pinned by sdk/package-lock.json), into
# the package sdk/nodejs/bin that TypeScript programs install (examples/typescript-seed).
sdk-check: sdk-nodejs

sdk-nodejs: $(SDK_TOOLS)
	rm -rf sdk/nodejs/bin
	sdk/node_modules/.bin/tsc -p sdk/nodejs
	cp sdk/nodejs/package.json sdk/nodejs/README.md sdk/nodejs/bin/

$(SDK_TOOLS): sdk/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "make test needs node (20 or later) and npm: the TypeScript SDK is compiled with tsc" >&2; exit 1; }
	npm ci --prefix sdk --prefer-offline --no-audit --no-fund

# The generated Go SDK compiles (module connect-as-code/sdk, sdk/go.mod; about 2 minutes cold).
sdk-go-check:
	cd sdk && CGO_ENABLED=0 go build ./...

# The TypeScript example under the real engine against the emulator: needs pulumi-language-nodejs on PATH
# (built from Pulumi's source; the Go module proxy does not serve it), so it is not part of make test.
typescript-e2e: venv sdk-nodejs
	$(WITH_ENGINE) $(PY) -m pytest tests/e2e/test_typescript_program.py -m typescript -q

# The Go example under the real engine against the emulator: needs pulumi-language-go on PATH (built from
# Pulumi's source; the Go module proxy does not serve it), so it is not part of make test.
go-e2e: venv
	$(WITH_ENGINE) $(PY) -m pytest tests/e2e/test_go_program.py -m go -q

# The provider as a plugin tarball in dist/ (PulumiPlugin.yaml, the wheel, __main__.py), for
# `pulumi plugin install resource commercetools-connect <version> --file <tarball>`.
plugin: venv
	$(PY) -m tools.plugin

# The tarball installed into a fresh Pulumi home and the TypeScript seed run on it; needs the Python and
# Node.js language hosts on PATH, which a development machine builds from Pulumi's source.
plugin-e2e: venv sdk-nodejs
	$(WITH_ENGINE) $(PY) -m pytest tests/e2e/test_plugin_tarball.py -m plugin -q

venv: $(VENV)/.installed

oracle: $(ORACLE)/node_modules/.package-lock.json

$(ORACLE)/node_modules/.package-lock.json: $(ORACLE)/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "make test needs node (20 or later) and npm: the official connect.yaml validator runs on them" >&2; exit 1; }
	npm ci --prefix $(ORACLE) --prefer-offline --no-audit --no-fund

# Our connect.yaml validators against another version of the official one: make oracle-check SPEC_VERSION=0.0.17
oracle-check: venv
	rm -rf .oracle-check && mkdir .oracle-check && cp $(ORACLE)/verdicts.mjs .oracle-check/
	echo '{"name": "oracle-check", "private": true, "type": "module"}' > .oracle-check/package.json
	cd .oracle-check && npm install --no-audit --no-fund --prefer-offline \
	  "@commercetools-connect/specification@$(SPEC_VERSION)"
	CONNECT_YAML_ORACLE_DIR=.oracle-check CONNECT_YAML_ORACLE_VERSION=$(SPEC_VERSION) \
	  $(PY) -m pytest tests/integration/test_official_validator.py -q

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf .demo .pytest_cache .mypy_cache .ruff_cache .oracle-check .site

# make bench runs the native face through the generated Python SDK in its own process, so the SDK must be
# installed (it reads its version from its distribution's metadata, and needs parver): editable, so that
# what it imports is sdk/python as `make sdk` last wrote it; reinstalled when its pyproject.toml changes.
SDK_PYTHON := $(VENV)/.sdk-python

$(SDK_PYTHON): sdk/python/pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e sdk/python
	touch $@

bench: venv $(SDK_PYTHON)
	$(WITH_ENGINE) $(PY) -m tools.bench
