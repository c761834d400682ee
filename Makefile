# One target per step. `make lab` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NBVAL  := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help install lab test test-fast lint datasets student slides nav lock bench clean

help:
	@echo "make lab       set up .venv (first time) and open JupyterLab on notebooks/"
	@echo "make test      set up .venv (first time) and run every test (pytest + nbval)"
	@echo "make datasets  rebuild datasets/vietshop from the pinned seed and config"
	@echo "make student   build the student edition (solutions removed) into build/student/"
	@echo "make slides    build reveal.js slide decks into build/slides/ (work offline)"
	@echo "make nav       write/update the previous | contents | next links of the notebooks"
	@echo "make bench     run the benchmarks (prints figures)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[notebooks,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ecrm_lab)" > /dev/null
	touch $(STAMP)

install: $(STAMP)

# Jupyter refuses to run as root unless told; containers (Docker, some cloud notebooks) often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(ROOT_FLAG)

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile tests ecrm_lab --doctest-modules $(wildcard notebooks) $(NBVAL)

test-fast: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 tests -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check ecrm_lab tests tools benchmarks
	$(BIN)/ruff format --check ecrm_lab tests tools benchmarks
	$(BIN)/lint-imports
	# numpydoc validation of every public docstring ([tool.numpydoc_validation] in pyproject.toml), run
	# on the imported objects so that shared parameter texts (ecrm_lab/_docs.py) are checked filled in
	$(BIN)/python -m ecrm_lab._docs

datasets: $(STAMP)
	$(BIN)/python tools/build_datasets.py

student: $(STAMP)
	$(BIN)/ecrm-lab build student --src notebooks --out build/student --force

slides: $(STAMP)
	$(BIN)/ecrm-lab build slides --src notebooks --out build/slides --force

nav: $(STAMP)
	$(BIN)/python tools/make_nav.py notebooks

lock: $(STAMP)
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E "^pip==" \
	  | sed '1i # Exact versions the stored notebook outputs and frozen data were made with (Python 3.11).\n# Used by make as a pip constraints file; ranges live in pyproject.toml. Regenerate: make lock' > constraints.txt

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf build .pytest_cache
