# Two commands for learners: `make lab` and `make test`. Both build the environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_ARGS ?=
# Extra pytest arguments, e.g. PYTEST_ARGS="-x -k eda".
PYTEST_ARGS ?=
NBVAL := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# In CI (root) the suite runs with no network but loopback, proving nothing downloads at run time.
OFFLINE ?= $(CI)
ifneq ($(filter true 1,$(OFFLINE)),)
RUN := unshare --net -- sh -c 'ip link set lo up && exec "$$@"' offline
endif

.PHONY: setup lab test lock outputs clean

setup: $(STAMP)

# Rebuilt only when the pins or the package definition change, so a second run is fast.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "Python 3.11 is needed: run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m pip check
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)"
	@touch $(STAMP)

# JupyterLab refuses to run as root (containers, CI) without being told it is intended.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) $(LAB_ARGS) \
		notebooks/00_start_here.ipynb

# Unit tests plus full output comparison of lessons and solutions, then exercises
# (which must run blank without errors, so only errors are checked there).
# --dist loadfile keeps all cells of a notebook on one worker, in one kernel.
test: setup
	$(RUN) $(BIN)/python -m pytest -n 2 --dist loadfile tests $(wildcard notebooks solutions) --nbval $(NBVAL) $(PYTEST_ARGS)
	@if ls exercises/*.ipynb >/dev/null 2>&1; then \
		$(RUN) $(BIN)/python -m pytest -n 2 --dist loadfile exercises --nbval-lax $(NBVAL) $(PYTEST_ARGS); \
	else echo "No exercise notebooks yet: nothing to run blank."; fi

# Re-resolve every pin from pyproject.toml (needs the package registry); rewrites
# requirements.lock and environment.yml together.
lock:
	rm -rf build/lock && $(PYTHON) -m venv build/lock
	build/lock/bin/python -m pip install --quiet .
	build/lock/bin/python -m pip freeze > build/lock/main.txt
	build/lock/bin/python -m pip install --quiet ".[dev,instructor]"
	build/lock/bin/python -m pip freeze > build/lock/all.txt
	$(PYTHON) -m course_utils.lockfile build/lock/main.txt build/lock/all.txt

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
