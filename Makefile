# Pantau — set-up and everyday commands. Each target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SERVE ?= 1
OUT ?= demo-output

.PHONY: demo test dist bench bench-quick eval lint format clean audit

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap_venv.py
	$(PYTHON) scripts/bootstrap_venv.py $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## make demo: run the whole pipeline on the built-in demo workspace and a few other invented
## institutions for the coordinator's national page (offline)
demo: $(STAMP)
	$(BIN)/pantau model build || echo "(model sentimen bawaan belum bisa dibangun; memakai daftar kata)"
	$(BIN)/pantau demo --out $(OUT) --national $(if $(filter 1,$(SERVE)),--serve,)

## make test: lint and format check, type check, import layering, the whole test suite
## (SQLite and a throwaway PostgreSQL)
test: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto --dist loadfile

## make dist: the release files in dist/ - source archive and wheel (no deprecation warning
## allowed), checked by twine, the wheel installed into a fresh environment and run (demo and
## dashboard), and the tested dependency versions as pantau-<version>-constraints.txt
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python scripts/build_dist.py dist
	$(BIN)/twine check --strict dist/*
	PANTAU_DIST=dist $(BIN)/python -m pytest -p no:cacheprovider tests/test_wheel.py
	cp constraints.txt dist/pantau-$$($(BIN)/python -c 'import pantau; print(pantau.__version__)')-constraints.txt

## make eval: accuracy on real labelled data (../shared/data), JSON; skipped when absent
eval: $(STAMP)
	$(BIN)/pantau eval

## make bench: speed and memory figures as JSON (see bench/README.md)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m pip install --quiet -c constraints.txt --no-deps bertopic
	$(BIN)/python bench/run.py

## make bench-quick: every benchmark at a small size in about two minutes (also run by the test
## suite, tests/test_bench_quick.py); checks that each runs
## and measures what it says (its preconditions), not the speed
bench-quick: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m pip install --quiet -c constraints.txt --no-deps bertopic
	$(BIN)/python bench/run.py --quick --out bench-output/quick

## make audit: pinned dependencies against a vulnerability database (needs internet access
## to PyPI's JSON API or OSV; says "AUDIT INCOMPLETE" and fails when it cannot check)
audit: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[audit]'
	$(BIN)/python scripts/audit.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

clean:
	rm -rf $(VENV) pantau-data demo-output bench-output dist build
