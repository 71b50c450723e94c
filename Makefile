# make site: create .venv if needed, install, build the demo agency (content/) into site/.
# make test: the whole test suite (installs Debian's Chromium for the browser tests when missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test install browser bench serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/oit build --content content --out site

test: $(STAMP)
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/oit serve --content content

clean:
	rm -rf site .pytest_cache

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots
