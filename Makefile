# renju: two commands on a fresh machine.
#   make run   set everything up and serve the demo city on http://127.0.0.1:$(PORT)
#   make test  every check and every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= 0.1
export PORT

.PHONY: run test install setup demo lint typecheck pytest messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

setup: install
	$(PY) -m renju.manage migrate --noinput -v0
	$(PY) -m renju.manage collectstatic --noinput -v0
	$(PY) -m renju.manage load-regions

demo: setup
	$(PY) -m renju.manage seed-demo --scale $(SCALE)

run: demo
	@echo "Full city (about a million households): make run SCALE=1"
	$(PY) -m renju.manage serve --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy renju

pytest: install
	RENJU_TESTING=1 $(VENV)/bin/pytest --cov --cov-report=term:skip-covered --cov-fail-under=80 --durations=25 $(PYTEST_ARGS)

test: lint typecheck
	RENJU_TESTING=1 $(PY) -m renju.manage check
	RENJU_TESTING=1 $(PY) -m renju.manage makemigrations --check --dry-run
	$(MAKE) pytest

messages: install
	cd renju && ../$(PY) -m renju.manage makemessages -l zh_Hans --no-obsolete && ../$(PY) -m renju.manage compilemessages

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
