# The front door: `make run` and `make test` set everything up themselves.
PY        ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
TS        := $(wildcard resources/translations/*.ts)
QM        := $(TS:.ts=.qm)
PGDIR     ?= $(CURDIR)/.pg-test

.PHONY: run test lint translations sysdeps pg-start pg-stop bench bundle clean demo

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

run: $(STAMP) translations
	$(BIN)/commandcenter $(ARGS)

demo: $(STAMP)
	$(BIN)/commandcenter-cli demo $(ARGS)

# System packages the tests need (a PostgreSQL server, CJK fonts, Qt's X/EGL libraries).
sysdeps:
	@bash .ci/sysdeps

pg-start: sysdeps
	@bash .ci/pg-server start $(PGDIR)

pg-stop:
	@bash .ci/pg-server stop $(PGDIR)

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench

test: $(STAMP) translations sysdeps
	@bash .ci/pg-server start $(PGDIR)
	@set -e; trap 'bash .ci/pg-server stop $(PGDIR)' EXIT; \
	  $(BIN)/lint-imports; \
	  CC_TEST_PG="$$(cat $(PGDIR)/url)" QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b $(BENCH_ARGS); done

# PyInstaller one-folder build, then `--self-test` run from the frozen program (.ci/bundle).
bundle: $(STAMP) translations
	bash .ci/bundle

clean:
	rm -rf build dist .pytest_cache $(PGDIR) resources/translations/*.qm
