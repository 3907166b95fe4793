# The two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# The PostgreSQL the suite uses when one answers there; otherwise the embedded one.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/relations
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Where `make run` serves.
ADDRESS ?= 127.0.0.1:8000

.PHONY: run test setup setup-dev services lint format lock check-migrations check-deploy ci bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The installer first, pinned (requirements-pip.txt says why).
$(VENV)/.installed-pip: requirements-pip.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --require-hashes -r requirements-pip.txt
	touch $@

# The lock files pin the whole tree with hashes (`make lock` recompiles them from the .in files).
$(VENV)/.installed-run: requirements.txt $(VENV)/.installed-pip
	$(PIP) install -q --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-pip
	$(PIP) install -q --require-hashes -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

setup: $(VENV)/.installed-run
setup-dev: $(VENV)/.installed-dev

## make run: set up, load the seeds and the editors' decisions on them, serve the admin and
## API on http://$(ADDRESS)/ with the scheduler beside it (embedded PostgreSQL unless DATABASE_URL).
run: setup
	$(PY) manage.py serve --addr $(ADDRESS)

services:
	@scripts/ensure_services.sh

## make test: set up, then the whole suite against PostgreSQL (TEST_DATABASE_URL, else embedded) and Redis
test: setup-dev services
	@scripts/ensure_test_tools.sh
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test TEST_DATABASE_URL=$(TEST_DATABASE_URL) \
		REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: setup-dev
	$(PY) manage.py makemigrations --check --dry-run

lock: setup-dev
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements-dev.txt requirements-dev.in

check-deploy: setup-dev
	DJANGO_SETTINGS_MODULE=config.settings.production ALLOWED_HOSTS=relations.example.org \
		DATABASE_URL=postgres://relations@db.example.org:5432/relations REDIS_URL=redis://cache.example.org:6379/1 \
		SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(64))") \
		$(PY) manage.py check --deploy --fail-level WARNING

## What CI runs: the suite, then lint, migrations in step with models, and the deploy check.
ci: test lint check-migrations check-deploy

## make bench: a synthetic corpus in its own database, every path timed beside its floor (not part of test).
## BENCH_SCALE=tiny|small|medium|large (default medium); see docs/benchmarks.md for the other knobs.
## The database: BENCH_DATABASE_URL when set, else relations_bench on 127.0.0.1:5432 when a server
## answers there, else one in the embedded PostgreSQL.
bench: setup-dev services
	bench/setup.sh
	$(PY) -m bench

## Removes what setup made; the embedded database's data (.data/) stays: `rm -rf .data` resets it.
clean:
	rm -rf $(VENV) staticfiles .test-media .pytest_cache
