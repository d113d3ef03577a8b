.DEFAULT_GOAL := help
.PHONY: help demo system test lint docs bench bench-data-api bench-business-api bench-telemedicine bench-worker bench-bot clean

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Parallel test workers; the tests of one xdist_group (a fault-test module) share a worker.
WORKERS ?= 2

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

# requirements-dev.txt pins every package (uv pip compile pyproject.toml --group dev).
$(VENV)/.synced: $(BIN)/uv requirements-dev.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt
	touch $@

demo: $(VENV)/.synced ## Run the Telemedicine example on this machine (else the level-1 data-api + business-api demo)
	$(BIN)/python -m scripts.demo

# make system SYSTEM=path/to/system.yaml [OUT=folder]: bakes into $(OUT)/<system name>.
SYSTEM ?=
OUT ?= systems
system: $(VENV)/.synced ## Bake a whole system from its description (SYSTEM=path/to/system.yaml)
	@test -n "$(SYSTEM)" || { echo "usage: make system SYSTEM=path/to/system.yaml [OUT=folder]"; exit 2; }
	$(BIN)/python -m system $(SYSTEM) --output $(OUT)

test: $(VENV)/.synced ## Run the whole test suite (starts PostgreSQL, Redis, RabbitMQ from local binaries)
	$(BIN)/pytest -n $(WORKERS) --dist loadgroup

lint: $(VENV)/.synced ## Lint the collection's own code
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

docs: $(VENV)/.synced ## Build the documentation site into site/ (warnings are errors)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict

# Benchmarks take their options from ARGS, e.g. make bench-data-api ARGS='--level 4'.
bench: $(VENV)/.synced ## Median bake time of each template against a bare cookiecutter baseline
	$(BIN)/python bench/bake.py $(ARGS)

bench-data-api: $(VENV)/.synced ## data-api GET by id against a bare Starlette+asyncpg floor (needs wrk)
	$(BIN)/python -m bench.data_api $(ARGS)

bench-business-api: $(VENV)/.synced ## Two-hop GET and the warm cache against a bare proxy floor (needs wrk)
	$(BIN)/python -m bench.business_api $(ARGS)

bench-telemedicine: $(VENV)/.synced ## The Telemedicine example under a browse/book/records mix through its gateway (needs wrk)
	$(BIN)/python -m bench.telemedicine $(ARGS)

bench-worker: $(VENV)/.synced ## Worker consume throughput and latency against a bare aio-pika consumer
	$(BIN)/python bench/worker.py $(ARGS)

bench-bot: $(VENV)/.synced ## Bot updates per second against a bare aiogram dispatcher
	$(BIN)/python bench/bot.py $(ARGS)

clean: ## Remove the virtual environment, caches and the demo
	rm -rf $(VENV) .cache demo systems site
