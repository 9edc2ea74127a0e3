# Signal PME – the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
# one stamp per set: what the servers need (make run) and the test tools on top (make test)
RUNTIME := $(VENV)/.runtime-$(shell cat requirements.lock requirements.in | sha1sum | cut -c1-12)
DEV := $(VENV)/.dev-$(shell cat requirements.lock requirements.in requirements-dev.in | sha1sum | cut -c1-12)

.PHONY: run test setup venv dev db train validate lint unit stories crossval heldout bench scale-test clean

## run: install what the servers need (no test tools), migrate, train if needed, start
## action server + Rasa + web app
run: setup
	$(PY) -m bot run

## test: the same preparation plus the test tools, then every check
test: dev setup validate lint
	$(PY) -m pytest
	$(MAKE) stories

venv: $(RUNTIME)

dev: $(DEV)

$(RUNTIME): requirements.in requirements.lock
	@set -e; PYTHON_BIN=$$(PYTHON="$(PYTHON)" scripts/find_python.sh); \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON_BIN"; \
	  "$$PYTHON_BIN" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.in -c requirements.lock
	rm -f $(VENV)/.installed-* $(VENV)/.runtime-*
	touch $(RUNTIME)

$(DEV): $(RUNTIME) requirements-dev.in
	$(PY) -m pip install --quiet -r requirements-dev.in -c requirements.lock
	rm -f $(VENV)/.dev-*
	touch $(DEV)

setup: venv db train

db: venv
	$(PY) -m bot db upgrade

train: venv
	$(PY) -m bot train

validate: dev
	$(PY) -m bot nlu-data --check
	$(PY) -m bot rasa data validate

lint: dev
	$(VENV)/bin/ruff check .

unit: dev
	$(PY) -m pytest tests/unit

stories: train
	$(PY) -m bot rasa test core --stories tests/stories --model models/signalpme.tar.gz --fail-on-prediction-errors --out results/stories

crossval: train
	$(PY) -m bot rasa test nlu --nlu data/nlu --cross-validation --folds 5 --out results/crossval

## heldout: intent/entity figures on the blind held-out phrasings (tests/nlu/heldout.yml)
heldout: train
	$(PY) -m bot rasa test nlu --model models/signalpme.tar.gz --nlu tests/nlu/heldout.yml --out results/heldout
	$(PY) -c "import json; r=json.load(open('results/heldout/intent_report.json')); print('held-out intent accuracy %.3f, weighted F1 %.3f' % (r['accuracy'], r['weighted avg']['f1-score']))"

## bench: load, footprint, NLU quality and staff pages beside generated yardsticks;
## prints a table and writes bench/results.md (about 20 minutes on 2 cores)
bench: dev train
	$(PY) -m bench

## scale-test: nginx, two Rasa servers, two action servers, Redis locks, PostgreSQL, the web
## app, on loopback; 50 whole reports with one server, two, then one killed mid-run;
## checks every record (needs nginx, redis-server and PostgreSQL: see docs/deploy.md)
scale-test: dev train
	$(PY) -m bench.scale --out bench/scale-results.md

clean:
	rm -rf models/signalpme* results var/logs
