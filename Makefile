# Two commands for learners: `make lab` and `make test`. Both build the environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LAB_STAMP := $(VENV)/.installed-lab
DEV_STAMP := $(VENV)/.installed-dev
LAB_ARGS ?=
# Extra pytest arguments, e.g. PYTEST_ARGS="-x -k eda".
PYTEST_ARGS ?=
NBVAL := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps
# In CI the suite runs with no network but loopback, proving nothing downloads at run time. That needs
# a network namespace (root); where there is none, as on a hosted runner, the check is skipped, and said so.
OFFLINE ?= $(CI)
ifneq ($(filter true 1,$(OFFLINE)),)
ifeq ($(shell unshare --net true 2>/dev/null && command -v ip >/dev/null && echo yes),yes)
RUN := unshare --net -- sh -c 'ip link set lo up && exec "$$@"' offline
else
OFFLINE_NOTE := Offline check skipped: this machine cannot make a network namespace (needs root and iproute2), so the suite runs with the network up.
endif
endif
# pytest exits 5 when a phase selects no test (say, a PYTEST_ARGS selection): that is not a failure.
NO_TESTS_OK := || [ $$? -eq 5 ]
BLANK := build/blank-exercises

.PHONY: setup setup-dev lab test lock outputs clean bench sizing

# The learner's set (requirements.lock): the course, JupyterLab and what the notebooks import.
setup: $(LAB_STAMP)
# Adds the test and authoring tools (requirements-dev.lock): what `make test` needs.
setup-dev: $(DEV_STAMP)

# Rebuilt only when the pins or the package definition change, so a second run is fast.
$(LAB_STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "Python 3.11 is needed: run 'make PYTHON=/path/to/python3.11 ...'" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) -e .
	$(BIN)/python -m pip check
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)"
	@touch $(LAB_STAMP)

$(DEV_STAMP): $(LAB_STAMP) requirements-dev.lock
	$(PIP) -r requirements-dev.lock
	$(BIN)/python -m pip check
	@touch $(DEV_STAMP)

# JupyterLab refuses to run as root (containers, CI) without being told it is intended.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) $(LAB_ARGS) \
		notebooks/00_start_here.ipynb

# Three phases. Tests that need the package registry (the lock resolves on every platform, the Binder
# and container installs) run first, with the network, and skip with a reason when it cannot be reached.
# Then, offline in CI: unit tests plus full output comparison of lessons and solutions; then exercises
# (which must run blank without errors, so only errors are checked there): fresh blank copies generated
# into $(BLANK), never the learner's exercises/, which hold their answers.
# --dist loadfile keeps all cells of a notebook on one worker, in one kernel.
# The real JupyterHub's proxy for tests/test_classroom.py, from the npm registry into build/node (no global
# install: a hosted runner is not root). Without npm that test says why it skips (and fails in CI).
CHP := build/node/node_modules/.bin/configurable-http-proxy
$(CHP):
	@if command -v npm >/dev/null; then \
		npm install --prefix build/node --no-audit --no-fund --loglevel=error configurable-http-proxy@5.3.0 \
			|| echo "npm could not install configurable-http-proxy: tests/test_classroom.py will say so."; \
	else echo "npm not found: tests/test_classroom.py needs Node.js and npm for JupyterHub's proxy."; fi

test: setup-dev $(CHP)
	$(BIN)/python -m pytest -n 2 -rs -m registry tests $(PYTEST_ARGS) $(NO_TESTS_OK)
	@$(if $(OFFLINE_NOTE),echo "$(OFFLINE_NOTE)")
	$(RUN) $(BIN)/python -m pytest -n 2 --dist loadfile -m "not registry" tests $(wildcard notebooks solutions) \
		--nbval $(NBVAL) $(PYTEST_ARGS) $(NO_TESTS_OK)
	rm -rf $(BLANK) && $(BIN)/course exercises --out $(BLANK) >/dev/null
	$(RUN) $(BIN)/python -m pytest -n 2 --dist loadfile $(BLANK) --nbval-lax $(NBVAL) $(PYTEST_ARGS) $(NO_TESTS_OK)

# Resolve the pins from pyproject.toml with one resolver, for Linux, macOS and Windows on Python 3.11
# (needs the package registry; versions already in a lock are kept unless a range excludes them), then
# write environment.yml from the learner's lock.
UV_COMPILE := --universal --python-version 3.11 --no-annotate --custom-compile-command "make lock" --quiet
lock: setup-dev
	$(BIN)/uv pip compile pyproject.toml --extra lab $(UV_COMPILE) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev $(UV_COMPILE) -c requirements.lock -o requirements-dev.lock
	$(BIN)/python -m course_tools.lockfile

# The serving benchmark (about a minute, 127.0.0.1 only): prints ratios from one run, asserts nothing.
bench: setup
	$(BIN)/python -m course_tools.bench

# Server sizing for a JupyterHub (6 to 20 minutes on 2 shared cores, 127.0.0.1 only): runs every lesson and
# solution in a fresh kernel, in a temporary copy of the course, and prints peak memory and CPU per user
# server and a suggested rule for a class of 30. It prints figures, asserts nothing. Not part of `make bench`:
# it takes far longer and sizes a hub, not the service. Example: make sizing SIZING_ARGS="13 22"
SIZING_ARGS ?=
sizing: setup
	$(BIN)/python -m course_tools.bench_hub $(SIZING_ARGS)

clean:
	rm -rf $(VENV) build test-artifacts

# Refresh stored outputs of the notebooks in NB (each run with an empty progress
# file, as nbval does), then regenerate the exercises.
# Example: make outputs NB="notebooks/00_start_here.ipynb solutions/11_ds_eda_solution.ipynb"
outputs: setup
	@test -n "$(NB)" || { echo 'Name the notebooks: make outputs NB="notebooks/00_start_here.ipynb"'; exit 1; }
	@for nb in $(NB); do \
		echo "executing $$nb"; \
		COURSE_PROGRESS_FILE="$$(mktemp -d)/progress.json" $(BIN)/jupyter nbconvert --to notebook --execute \
			--inplace --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; \
	done
	$(BIN)/course exercises
