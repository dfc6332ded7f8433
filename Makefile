# CBD Knowledge Hub task runner. `make` lists the tasks.
PY := .venv/bin/python
PIP := .venv/bin/pip
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/cbd
# The demo and every task here use the development settings unless told otherwise (gunicorn and Celery default to
# production, which refuses to start unconfigured).
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.DEFAULT_GOAL := help
.PHONY: help setup demo load run worker vector-service test test-sqlite test-postgres lint check prod-check bench relevance evaluate contract

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.venv/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	# compat: a path entry, not an import hook, so a second checkout (git worktree) sharing this venv never
	# resolves a module the first one lacks from the other's tree.
	$(PIP) install -q -e '.[dev]' --config-settings editable_mode=compat
	touch $@

setup: .venv/.installed ## Create .venv and install the project (offline-capable model weights included)

demo: setup load run ## Set up, load the real CBD data into SQLite + local indexes, serve on :$(PORT)

load: setup ## Migrate, bootstrap six locales, import migration/data, build indexes
	$(PY) manage.py load_demo

run: ## Serve the admin, API and front end on 127.0.0.1:$(PORT)
	@echo "Front end: http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/ (admin / cbd-demo-admin)"
	@echo "API: http://127.0.0.1:$(PORT)/api/search/?q=2024-070  http://127.0.0.1:$(PORT)/api/schema/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

worker: ## Run a Celery worker on every queue (with CELERY_BROKER_URL); it alone retries index failures within seconds. Production also runs `celery -A cms beat` (docker-compose) for the periodic drain
	.venv/bin/celery -A cms worker --queues index,embed,ingest,default --loglevel=INFO

VECTOR_PORT ?= 6333
vector-service: ## Own the embedded vector store for several processes (they set QDRANT_URL=http://127.0.0.1:$(VECTOR_PORT))
	$(PY) manage.py vector_service --bind 127.0.0.1:$(VECTOR_PORT)

lint: setup ## ruff, and the import rules of pyproject's [tool.importlinter] (the one-way data flow)
	.venv/bin/ruff check .
	PYTHONPATH=. .venv/bin/lint-imports

check: setup ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: setup ## The whole suite on SQLite: two workers, then the browser tests in one process
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m "not browser"
	$(PY) -m pytest -q -p no:cacheprovider -m browser

# Tests that touch the database run again on PostgreSQL; pure-library suites (ingest files, engine contracts,
# embedder) and the browser suite do not depend on the database and run once, on SQLite.
PG_TESTS := tests/cms tests/linked tests/migration tests/indexing tests/search_api tests/embeddings_integration tests/ingest/test_ingest_task.py \
	tests/api_http tests/production/test_task_queues.py

test-postgres: setup ## The database-backed tests again on the machine's PostgreSQL
	DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m "not browser" $(PG_TESTS)

test: lint check test-sqlite test-postgres ## Lint, checks, then the suite on SQLite and on PostgreSQL

prod-check: setup ## The production topology from the wheel: gunicorn, Celery worker + beat, PostgreSQL, Redis (.ci/prod-check/)
	env -u DJANGO_SETTINGS_MODULE -u PYTHONPATH $(PY) .ci/prod-check/prod_check.py

bench: setup ## Benchmarks (numbers and ratios; see bench/)
	for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

relevance: setup ## nDCG@10 / recall@10 per category on the dev set
	$(PY) bench/relevance.py

evaluate: setup ## Issue 13 sets: own queries (tune/test, no lang), misspelt variants, language recognition, answers (bench/sets/)
	$(PY) bench/relevance.py --set bench/sets/queries.jsonl --no-lang --by-language --holes --no-baseline
	$(PY) bench/typo_variants.py evaluate
	$(PY) bench/langid_eval.py --detector search.understanding.language:detect --baselines
	$(PY) bench/ask_eval.py

contract: ## Check a running instance against the public API contract
	../shared/tools/api-contract-check http://127.0.0.1:$(PORT)
