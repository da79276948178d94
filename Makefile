# One memorable command per task. `make serve` and `make test` work on a fresh machine (Python 3.11 + make).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test check lint catalog bench system-packages

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## serve: install and start the service on http://127.0.0.1:8000 (FAQBOT_HOST / FAQBOT_PORT to change)
serve: $(VENV)/.installed
	$(BIN)/faqbot serve

## system-packages: Debian's Chromium (browser tests), CJK fonts (readable screenshots), Redis (shared rate limits),
## PostgreSQL (the storage tests run on it too; started, with a test role, by tests/start_postgres.sh) and wrk (the
## load generator of the benchmarks, whose reporting is tested)
system-packages:
	@command -v chromium >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 && command -v wrk >/dev/null 2>&1 && \
		fc-list :lang=zh 2>/dev/null | grep -q . && \
		command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters --no-header 2>/dev/null | grep -q . || \
		($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk redis-server postgresql wrk)
	bash tests/start_postgres.sh

## test: install everything the tests need and run the whole suite (the import-linter contracts of app/'s packages
## too: tests/test_package_layers.py)
test: $(VENV)/.installed-test system-packages
	$(BIN)/python -m pytest

## check: validate content and catalogs before a content change lands
check: $(VENV)/.installed
	$(BIN)/faqbot check

## lint: static checks (ruff, mypy with the pydantic plugin; settings in pyproject.toml)
lint: $(VENV)/.installed-test
	$(BIN)/pip install -q 'ruff>=0.8,<1' 'mypy>=1.13,<2' 'types-PyYAML>=6,<7'
	$(BIN)/ruff check app bench tests
	$(BIN)/mypy app

## catalog: extract messages from code and faq/, update the zh_CN catalog (then translate, then `make check`),
## and draft the zh_Hant catalog from it (OpenCC s2twp + locales/zh_Hant/overrides.yaml; never edited by hand)
catalog: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-wrap --sort-by-file --project=ivig-ten-faq --version=1.0 \
		--copyright-holder="the ivig-ten-faq authors" -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -l zh_CN --no-wrap --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -m app.language.traditional_catalog --locales locales

## bench: accuracy, matching latency, HTTP throughput (and the HTTP protocol's cost), start-up and memory
bench: $(VENV)/.installed-test system-packages
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/accuracy.py --set tests/eval/blind.yaml
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/protocols.py
