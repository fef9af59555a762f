# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast install lint format clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PIP_CONSTRAINT=requirements.lock $(BIN)/python -m pip install --quiet -e ".[dev,browser,dask,parquet]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/framing analyze seeds/ --out results/ --lexicon defaults --lexicon nagorno-karabakh

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)  # the fast tier: no training, workers, Dask, browser or whole-split runs
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache
