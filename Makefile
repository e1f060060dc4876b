# Trampesti — the two commands of the README, plus packaging.
#   make demo                 a whole simulated round → out/demo/
#   make demo INPUT=<folder>  the same on your own tracker files → out/<folder name>/
#                             (K_MIN=<n> sets the minimum participants behind any published figure)
#   make test                 the test suite (headless QGIS)
#   make package              dist/trampesti-<version>.zip, installable in QGIS
SHELL := /bin/bash
PY := .venv/bin/python
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
INPUT ?=
OUT ?=
K_MIN ?=
PYTEST_ARGS ?=

.PHONY: setup test demo package clean benchmarks

setup:
	@bash scripts/setup.sh

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests -q -p no:cacheprovider $(PYTEST_ARGS)

demo: setup
	QT_QPA_PLATFORM=offscreen $(PY) demo/run_round.py $(if $(INPUT),--input "$(INPUT)") $(if $(OUT),--out "$(OUT)") $(if $(K_MIN),--k-min $(K_MIN))

package: setup
	@bash scripts/package.sh

benchmarks: setup
	for b in benchmarks/bench_*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

clean:
	rm -rf build dist out .pytest_cache
