# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run build test lint clean browser engines virtuoso load bench bench-pages bench-fixed bench-engines vendor-js

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/govties build

run: build
	$(BIN)/govties serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) browser engines
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# Debian's Chromium for tests/test_view_browser.py (a package, never a download at test time).
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo)
browser:
	command -v chromium >/dev/null || ($(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver)

# The remote stores tests/backends runs against: Debian's Virtuoso (the Oxigraph server is
# the `oxigraph` test extra, installed with the venv).
engines: $(STAMP)
	command -v virtuoso-t >/dev/null || ($(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends virtuoso-opensource-7-bin)

# Virtuoso on 127.0.0.1:8890 with its database in .govties/virtuoso, until ^C (README).
virtuoso: engines
	$(BIN)/python -m tests.engines virtuoso .govties/virtuoso 8890

# Re-vendor the pages' JavaScript (YASGUI, sigma.js, graphology, d3-geo, topojson, world-atlas;
# pinned in tools/vendor_js.py) from the npm registry into api/static/vendor/ (integrity checked;
# version, licence and hashes in each VENDORED.md). The files are
# committed: nothing is downloaded at install, test or serve time. Run it only to change version.
vendor-js: $(STAMP)
	$(BIN)/python tools/vendor_js.py

# Precision/recall of `govties extract` on the seeds and tests/extract_corpus/ (docs/EXTRACT.md).
eval-extract: $(STAMP)
	$(BIN)/python -m graph.extract.evaluate

# The same on the latest blind set of real agreements, tests/extract_blind3/ (never tuned
# on; `--blind 2` and `--blind 1` score the earlier rounds).
eval-extract-blind: $(STAMP)
	$(BIN)/python -m graph.extract.evaluate --blind

# Bounded loopback load test: 16 clients for 60 s of SPARQL and path queries (docs/RELIABILITY.md).
load: build
	$(BIN)/python tools/load.py --clients 16 --seconds 60

# Build + query benchmark against oxigraph and rdflib-endpoint at 10k/100k/1M (bench/RESULTS.md).
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

# Where a label lookup's time goes, layer by layer, against the Oxigraph server (bench/FIXED_COST.md).
bench-fixed: build
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/fixed_cost.py

# govties over the Oxigraph server and Virtuoso against each engine alone, at 100k (bench/ENGINES.md).
bench-engines: engines
	$(BIN)/python bench/engines.py

# Entity page render time on the shipped data and at 100k statements (bench/PAGES.md).
bench-pages: $(STAMP)
	$(BIN)/python bench/pages.py

clean:
	rm -rf .govties .bench-pages build *.egg-info
