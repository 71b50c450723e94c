# make site: create .venv if needed, install, build the demo agency (content/) into site/.
# make test: ruff and mypy, then the whole test suite (installs Debian's Chromium for the browser tests when missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test typecheck install browser bench serve clean screenshots editor-deps edit messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/oit build --content content --out site

# The tests share no state (each has its own tree, port and output folder), so they run on every core.
test: $(STAMP) browser editor-deps typecheck
	$(BIN)/python -m pytest -q -n auto

# Before any test runs, once each: ruff finds mistakes in the code ([tool.ruff] in pyproject.toml),
# mypy checks the type hints of generator/ ([tool.mypy]).
typecheck: $(STAMP)
	$(BIN)/ruff check generator tests tools benchmarks
	$(BIN)/mypy generator

# Debian's Chromium for tests/test_browser.py (Playwright drives it; `playwright install` is never
# run) and Thai fonts so pages render as people see them. A fresh CI machine installs them here.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list :lang=th 2>/dev/null | grep -q .; then \
	  echo "browser: $$(command -v chromium)"; \
	else \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y \
	    chromium chromium-driver fonts-thai-tlwg; \
	fi

# The browser editor (generator/editor.py): Decap CMS and decap-server, pinned in editor/package.json
# with its lockfile, installed by npm ci (Node.js and npm from apt when missing) and served locally.
EDITOR_STAMP := editor/node_modules/.installed
$(EDITOR_STAMP): editor/package.json editor/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y nodejs npm; }
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	touch $(EDITOR_STAMP)

editor-deps: $(EDITOR_STAMP)

# Edit the demo in the browser: the admin page + decap-server + live preview, on 127.0.0.1 only
edit: $(STAMP) editor-deps
	$(BIN)/oit editor --serve --content content

serve: $(STAMP)
	$(BIN)/oit serve --content content

clean:
	rm -rf site .pytest_cache

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.portal

# Thai texts (docs/contracts.md#language): extract every _()/N_()/th() message of generator/ and add
# the new ones to oit.po, where a translator writes their msgstr (a test fails while one is empty).
POT := .oit-messages.pot
messages: $(STAMP)
	$(BIN)/pybabel -q extract -w 120 --no-default-keywords -k _ -k N_ -k th --no-location -o $(POT) generator
	$(BIN)/pybabel -q update -w 120 --no-fuzzy-matching --ignore-obsolete -i $(POT) -o generator/locale/th/LC_MESSAGES/oit.po -l th
	rm -f $(POT)

screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots
