# CBD Knowledge Hub task runner. `make` lists the tasks.
PY := .venv/bin/python
PIP := .venv/bin/pip
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/cbd
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.DEFAULT_GOAL := help
.PHONY: help setup demo load run worker test test-sqlite test-postgres lint check bench relevance contract

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.venv/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev]'
	touch $@

setup: .venv/.installed ## Create .venv and install the project (offline-capable model weights included)

demo: setup load run ## Set up, load the real CBD data into SQLite + local indexes, serve on :$(PORT)

load: setup ## Migrate, bootstrap six locales, import migration/data, build indexes
	$(PY) manage.py load_demo

run: ## Serve the admin, API and front end on 127.0.0.1:$(PORT)
	@echo "Front end: http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/ (admin / cbd-demo-admin)"
	@echo "API: http://127.0.0.1:$(PORT)/api/search/?q=2024-070  http://127.0.0.1:$(PORT)/api/schema/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

worker: ## Run a Celery worker (production-like setups with CELERY_BROKER_URL)
	.venv/bin/celery -A cms worker --loglevel=INFO

lint: setup ## ruff
	.venv/bin/ruff check .

check: setup ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: setup ## The whole suite on SQLite: two workers, then the browser tests in one process
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m "not browser"
	$(PY) -m pytest -q -p no:cacheprovider -m browser

# Tests that touch the database run again on PostgreSQL; pure-library suites (ingest files, engine contracts,
# embedder) and the browser suite do not depend on the database and run once, on SQLite.
PG_TESTS := tests/cms tests/migration tests/search_api tests/embeddings_integration tests/ingest/test_ingest_task.py

test-postgres: setup ## The database-backed tests again on the machine's PostgreSQL
	DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m "not browser" $(PG_TESTS)

test: lint check test-sqlite test-postgres ## Lint, checks, then the suite on SQLite and on PostgreSQL

bench: setup ## Benchmarks (numbers and ratios; see bench/)
	for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

relevance: setup ## nDCG@10 / recall@10 per category on the dev set
	$(PY) bench/relevance.py

contract: ## Check a running instance against the public API contract
	../shared/tools/api-contract-check http://127.0.0.1:$(PORT)
