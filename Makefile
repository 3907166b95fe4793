# The two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/relations
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test setup setup-dev services lint format check-migrations check-deploy ci bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

setup: $(VENV)/.installed-run
setup-dev: $(VENV)/.installed-dev

## make run: set up, load the seeds, serve the admin and API on http://127.0.0.1:8000/
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_registry
	$(PY) manage.py ingest seeds/articles --folder-source "Seed articles"
	$(PY) manage.py create_demo_editor
	@echo "Admin: http://127.0.0.1:8000/admin/   API: http://127.0.0.1:8000/api/v1/"
	$(PY) manage.py runserver 127.0.0.1:8000

services:
	@scripts/ensure_services.sh

## make test: set up, then the whole suite against PostgreSQL and Redis
test: setup-dev services
	@scripts/ensure_test_tools.sh
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: setup-dev
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: setup-dev
	DJANGO_SETTINGS_MODULE=config.settings.production ALLOWED_HOSTS=relations.example.org \
		SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(64))") \
		$(PY) manage.py check --deploy --fail-level WARNING

## What CI runs: the suite, then lint, migrations in step with models, and the deploy check.
ci: test lint check-migrations check-deploy

## make bench: a synthetic corpus in its own database, every path timed beside its floor (not part of test).
## BENCH_SCALE=tiny|small|medium|large (default medium); see docs/benchmarks.md for the other knobs.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/relations_bench
bench: setup-dev services
	PY=$(PY) BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) bench/setup.sh
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media .pytest_cache
