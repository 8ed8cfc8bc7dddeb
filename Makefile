# CivicShift. The two commands a newcomer needs:
#   make demo   install everything, load the demo municipality, serve on http://127.0.0.1:8000/
#               (make demo PORT=8001 for another port)
#   make test   install everything, run ruff, the tests on SQLite and PostgreSQL, browser tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VENDOR := src/civicshift/web/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/civicshift
PYTEST_ARGS ?=
PORT ?= 8000
# The SQLite and PostgreSQL runs spread the tests over the cores (pytest-xdist); XDIST= runs them
# in one process. loadgroup keeps each production-path module's tests (one server) on one worker.
XDIST ?= -n auto --maxprocesses=4 --dist loadgroup

.PHONY: demo test install assets system-packages pdf-packages lint test-sqlite test-postgres test-production \
	test-browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# USWDS's compiled CSS, JavaScript, fonts and icons, and Chart.js's browser bundle, copied from
# the pinned npm packages.
$(VENDOR)/uswds/.stamp: node_modules/.package-lock.json Makefile
	rm -rf $(VENDOR)/uswds
	mkdir -p $(VENDOR)/uswds
	cp -r node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
	      node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img $(VENDOR)/uswds/
	touch $@

# The bundle ends with a sourceMappingURL comment: the map goes beside it, or collectstatic's
# manifest storage stops with MissingFileError (and production answers 500 on every page).
$(VENDOR)/chartjs/.stamp: node_modules/.package-lock.json
	rm -rf $(VENDOR)/chartjs
	mkdir -p $(VENDOR)/chartjs
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map \
	   $(VENDOR)/chartjs/
	touch $@

assets: $(VENDOR)/uswds/.stamp $(VENDOR)/chartjs/.stamp

install: $(STAMP) assets

# What the business-case PDF needs from Debian: Pango for WeasyPrint, and a colour emoji font
# for emoji in what users type (the text font, DejaVu Sans, comes with matplotlib). Checked with
# dpkg where there is one (elsewhere, install Pango by hand: WeasyPrint's documentation).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-color-emoji
pdf-packages:
	@! command -v dpkg >/dev/null 2>&1 || dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else echo "Install what the PDF needs first: sudo apt-get install $(PDF_PACKAGES)" >&2; exit 1; fi; }

# Debian's chromium for the browser tests (never a browser downloaded at run time), and
# LibreOffice Calc (headless) to recalculate the live-formula workbook in its tests, and a Java
# runtime for MPXJ (ProjectLibre's reader), which reads the MSPDI export in its test.
system-packages: pdf-packages
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium first: sudo apt-get install chromium" >&2; exit 1; fi; }
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; \
	  else echo "Install Debian's LibreOffice Calc first: sudo apt-get install libreoffice-calc-nogui" >&2; exit 1; fi; }
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Install Debian's Java runtime first: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }

demo: install pdf-packages
	$(BIN)/civicshift demo --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Includes tests/production: a scratch installation with production settings served by gunicorn.
test-sqlite: install system-packages
	env -u DATABASE_URL $(BIN)/pytest -q -m "not browser and not postgres_only" -p no:cacheprovider $(XDIST) $(PYTEST_ARGS)

# Here the production-path tests install into a scratch PostgreSQL database of their own.
test-postgres: install system-packages
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432 (see docs/install.md)" >&2; exit 1; }
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not browser" -p no:cacheprovider $(XDIST) $(PYTEST_ARGS)

# The production path alone, on SQLite (also part of test-sqlite and test-postgres).
test-production: install
	env -u DATABASE_URL $(BIN)/pytest -q -m production -p no:cacheprovider tests/production $(PYTEST_ARGS)

test-browser: install system-packages
	env -u DATABASE_URL $(BIN)/pytest -q -m browser -p no:cacheprovider $(XDIST) tests/browser $(PYTEST_ARGS)

test: lint test-sqlite test-postgres test-browser

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .ruff_cache
