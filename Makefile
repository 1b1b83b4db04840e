# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test test-postgres setup data bench mutation clean

# The venv is rebuilt whenever the declared or locked dependencies change.
$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

# plotly.js and its Chinese locale come from npm, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.installed node_modules/.installed

# Annex data and demo accounts; both commands are idempotent.
data: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_annexes
	$(MANAGE) seed_demo --figures  # development only: demo accounts and invented 2021–2023 figures

# runserver, and beside it the dated jobs (run_jobs: send_reminders every hour, see
# notices/management/commands/run_jobs.py); the job loop stops with runserver.
run: data
	$(MANAGE) run_jobs & jobs=$$!; trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST)

test: setup
	bash scripts/ensure-browser.sh
	bash scripts/ensure-redis.sh
	bash scripts/ensure-office.sh  # LibreOffice + poppler: the print tests
	$(BIN)/ruff check .
	$(BIN)/lint-imports  # the layers of docs/architecture.md
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --create-db

# The same suite on a throwaway PostgreSQL server (apt-get installs it when missing).
# `make test` alone honours DATABASE_URL from the environment.
test-postgres: setup
	bash scripts/with-postgres.sh $(MAKE) test

bench: setup
	$(BIN)/python -m tests.benchmarks.run

# Mutation testing of the pure core and the indicator write services ([tool.mutmut] in
# pyproject.toml): about six minutes on two cores, so not part of `make test`. mutmut
# keeps verdicts in mutants/ and does not re-test them when only tests change, so each
# run starts afresh. Prints the surviving mutants (`mutmut show NAME` for the diff) and
# the score: killed (timeouts included) over all mutants tested.
MUTATION_SCORE = import json; \
	s = json.load(open("mutants/mutmut-cicd-stats.json")); \
	tested = s["total"] - s["skipped"]; \
	score = 100 * (s["killed"] + s["timeout"]) / tested if tested else 0; \
	print("{total} mutants: {killed} killed, {survived} survived, {timeout} timeout, " \
	"{suspicious} suspicious, {no_tests} without tests".format(**s)); \
	print("mutation score: {:.1f} %".format(score))

mutation: setup
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut results
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python -c '$(MUTATION_SCORE)'

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
