# Two commands on a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: setup run load test test-fast test-deps lint bench bench-load bench-serve bench-search clean \
	messages messages-extract messages-update messages-compile

# The interface's message catalogs (README, "Adding an interface language"): the install
# compiles them (hatch_build.py); after editing a .po, `make messages` compiles again (a test
# fails while a compiled catalog is older than its .po).
LOCALES := app/locales

setup: $(STAMP)

$(STAMP): pyproject.toml hatch_build.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Every interface string of app/ and templates/ into the template catalog...
messages-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --no-wrap \
	  --project canvas-viewer --copyright-holder "" --msgid-bugs-address "" \
	  -o $(LOCALES)/messages.pot .
# ...and into each language's catalog (new entries empty, changed ones fuzzy: translate them)
messages-update: messages-extract
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-wrap --ignore-obsolete
messages-compile: $(STAMP)
	$(BIN)/pybabel compile --statistics -d $(LOCALES)
messages: messages-compile

load: setup
	$(BIN)/canvas load seeds

run: load
	$(BIN)/canvas serve --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Browser tests: Debian's chromium (never a downloaded browser), Java and vnu.jar (the Nu
# HTML checker, from the npm registry into the git-ignored .cache/).
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VNU      := vnu-jar@26.9.27
VNU_JAR  := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

test-deps: setup $(VNU_JAR)
	@command -v chromium >/dev/null && command -v java >/dev/null && command -v nginx >/dev/null \
	  && [ -d /usr/share/fonts/truetype/noto ] || { \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install \
	    -y -q --no-install-recommends chromium fonts-noto-core default-jre-headless nginx; }

$(VNU_JAR):
	command -v npm >/dev/null || { $(SUDO) apt-get update -q \
	  && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; }
	npm install --prefix .cache/vnu --no-save --no-audit --no-fund --loglevel=error $(VNU)
	test -f $(VNU_JAR)

test: lint test-deps
	$(BIN)/pytest --browser chromium

# The quick loop while changing code: everything but the browser and slow tests.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not slow and not browser"

# Benchmarks (not part of the tests): figures in README. serve.py needs Debian's wrk and nginx.
bench: bench-load bench-serve bench-search

bench-load: setup
	$(BIN)/python bench/load.py

bench-search: setup
	$(BIN)/python bench/search.py

bench-serve: setup
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install \
	    -y -q --no-install-recommends wrk nginx; }
	$(BIN)/python bench/serve.py --out bench/out/serve-identity.json; a=$$?; \
	$(BIN)/python bench/serve.py --accept-encoding gzip --modes b c e f \
	  --out bench/out/serve-gzip.json; b=$$?; [ $$a -eq 0 ] && [ $$b -eq 0 ]

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache tests/artifacts bench/out .cache
