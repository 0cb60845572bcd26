# Helpline — every developer and CI task. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCALES := content/locales
CATALOGS := $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.DEFAULT_GOAL := help
.PHONY: help install demo test lint format unit e2e run migrate catalogs compile bench content-check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install the bot with its dev tools

$(LOCALES)/%/LC_MESSAGES/messages.mo: $(LOCALES)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

compile: $(COMPILED) ## Compile the gettext catalogs (.po -> .mo), a build step

catalogs: install ## Extract UI strings from the code and update every language's catalog
	$(BIN)/pybabel extract --no-location --sort-output --project=helpline -o $(LOCALES)/messages.pot bot
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages

migrate: install ## Migrate the database in HELPLINE_DATABASE_URL (default: var/helpline.sqlite3)
	$(BIN)/helpline db upgrade

demo: install compile migrate ## Chat with the bot in your browser: sandbox Bot API + bot, no token
	$(BIN)/helpline demo

run: install compile migrate ## Run the real bot against Telegram (needs HELPLINE_BOT_TOKEN, HELPLINE_SECRET_KEY)
	$(BIN)/helpline run

lint: install ## ruff format --check, ruff check, mypy
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy bot migrations tests bench

format: install ## Reformat the code and apply safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

content-check: install compile ## Validate content/ (catalogs, guides, rules)
	$(BIN)/helpline content check

test: install compile lint content-check ## Lint and run the whole test suite
	$(BIN)/pytest

unit: install compile ## Only the fast unit tests
	$(BIN)/pytest tests/unit

e2e: install compile ## Only the end-to-end tests (real bot against the sandbox)
	$(BIN)/pytest tests/e2e

bench: install compile ## Benchmarks: throughput, latency, memory
	$(BIN)/python -m bench

clean: ## Remove the virtualenv, compiled catalogs and local data
	rm -rf $(VENV) var $(COMPILED) .mypy_cache .ruff_cache .pytest_cache
