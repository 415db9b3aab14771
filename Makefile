# Møtebok: `make demo` and `make test` are the whole set-up; both bootstrap .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
DEMO_DIR := .motebok

export MOTEBOK_DATA_DIR ?= $(CURDIR)/$(DEMO_DIR)

.PHONY: demo test lint format bench e2e messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(DEMO_DIR)/secret_key:
	@mkdir -p $(DEMO_DIR)
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

# The demo runs with production settings over plain HTTP on loopback.
DEMO_ENV = MOTEBOK_SECRET_KEY_FILE=$(CURDIR)/$(DEMO_DIR)/secret_key MOTEBOK_HTTPS=0

demo: $(STAMP) $(DEMO_DIR)/secret_key
	$(DEMO_ENV) $(BIN)/motebok migrate --no-input
	$(DEMO_ENV) $(BIN)/motebok load_demo
	$(DEMO_ENV) $(BIN)/motebok remind
	@echo
	@echo "Møtebok is running at http://127.0.0.1:$(PORT)/  (stop with Ctrl+C)"
	$(DEMO_ENV) $(BIN)/motebok serve --bind 127.0.0.1:$(PORT) --workers 2

TEST_ENV = MOTEBOK_SECRET_KEY=test-only-secret-key-not-for-production MOTEBOK_HTTPS=0

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# The national archive part runs on PostgreSQL when MOTEBOK_BENCH_DATABASE_URL names an empty or
# already generated database (MOTEBOK_BENCH_SCALE, default 1); otherwise small, on SQLite.
bench: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m bench

messages: $(STAMP)
	cd src/motebok && $(CURDIR)/$(BIN)/django-admin makemessages -l nb -l en --no-obsolete --no-location && $(CURDIR)/$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache
