# Privacyregie: two commands on a fresh machine.
#   make run   install, migrate, load demo data, serve on http://$(HOST):$(PORT)
#   make test  install what the tests need (also apt packages) and run the whole suite
#   make production  gunicorn + Celery worker + beat against PostgreSQL and Redis (docs/production.md)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Migrated once per make test and copied by every pass and worker (scripts/test_db_template.py).
SQLITE_TEMPLATE := $(CURDIR)/var/test-db-template.sqlite3
PG_TEMPLATE := privacyregie_test_template
APT_RUN := graphviz libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
APT_TEST := $(APT_RUN) chromium fonts-liberation

.PHONY: run test production install install-dev system-deps system-deps-test lint migrate demo translations test-templates pytest-sqlite pytest-postgres clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.dev-installed

# Debian packages: graphviz (landscape picture), pango (PDF), chromium (browser tests).
system-deps:
	@bash scripts/apt-install.sh --optional $(APT_RUN)
system-deps-test:
	@bash scripts/apt-install.sh $(APT_TEST)

translations: install
	$(PY) manage.py compile_translations

migrate: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py migrate_file_encryption

demo: migrate
	DEMO_MODE=1 $(PY) manage.py load_demo

run: system-deps demo
	@echo "Privacyregie: http://$(HOST):$(PORT)  (demo accounts: see README.md)"
	@DEMO_MODE=1 $(PY) manage.py run_jobs --loop & JOBS=$$!; \
	trap "kill $$JOBS 2>/dev/null" EXIT INT TERM; \
	DEMO_MODE=1 $(PY) manage.py runserver $(HOST):$(PORT) --noreload

# Production on one machine: settings from the environment or .env (checklist: docs/production.md).
production: install
	@bash scripts/production

lint: install-dev
	$(VENV)/bin/ruff check .

test: install-dev system-deps-test translations lint
	if command -v npm > /dev/null; then npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error; fi  # the test OpenID provider (SSO tests)
	$(PY) manage.py makemigrations --check --dry-run > /dev/null || (echo "Models changed without a migration" && exit 1)
	$(MAKE) --no-print-directory test-templates
	PRIVACYREGIE_TEST_TEMPLATE_SQLITE=$(SQLITE_TEMPLATE) $(MAKE) --no-print-directory pytest-sqlite
	PRIVACYREGIE_TEST_TEMPLATE_POSTGRES=$(PG_TEMPLATE) $(MAKE) --no-print-directory pytest-postgres

# The template test databases, migrated once (SQLite and, when reachable, PostgreSQL at the same time).
test-templates:
	@echo "== migrating the template test databases =="
	@url="$${DATABASE_URL:-$(PG_TEST_URL)}"; \
	env -u DATABASE_URL $(PY) scripts/test_db_template.py sqlite $(SQLITE_TEMPLATE) & sqlite=$$!; \
	if $(PY) scripts/pg_reachable.py "$$url"; then \
		DATABASE_URL="$$url" $(PY) scripts/test_db_template.py postgres $(PG_TEMPLATE) || { wait $$sqlite; exit 1; }; \
	fi; \
	wait $$sqlite

pytest-sqlite:
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -n 2 -m "not e2e" -p no:randomly
	env -u DATABASE_URL $(PY) -m pytest -n 2 -m e2e

# On PostgreSQL the whole suite runs again except the browser journeys: they drive the same pages and
# services as on SQLite, and every database-specific path is in the suite (keeps make test under 20 minutes).
pytest-postgres:
	@url="$${DATABASE_URL:-$(PG_TEST_URL)}"; \
	if $(PY) scripts/pg_reachable.py "$$url"; then \
		echo "== test suite on PostgreSQL ($$url) =="; \
		DATABASE_URL="$$url" $(PY) -m pytest -n 2 -m "not e2e"; \
	else \
		echo "== PostgreSQL not reachable at $$url: suite ran on SQLite only =="; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
