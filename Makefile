# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := python3 python3-venv python3-dev gcc gettext postgresql chromium \
	libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils

.PHONY: demo test setup system messages po lint typecheck pytest bench faults r-reference clean

demo: setup
	$(BIN)/kompas demo

test: setup lint typecheck pytest

system:
	scripts/install-system-packages $(SYSTEM_PACKAGES)

$(BIN)/kompas: pyproject.toml | system
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/kompas

# Compiled translations are build output, made from the .po files.
messages: $(BIN)/kompas
	cd kompas && ../$(BIN)/kompas compilemessages --verbosity 0

# Bring django.po up to date with the code and templates (docs/translations.md): new messages
# come in untranslated, translations of unchanged messages are kept, unused ones go.
po: $(BIN)/kompas
	cd kompas && ../$(BIN)/kompas makemessages --locale nl --no-obsolete --add-location file

setup: $(BIN)/kompas messages

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kompas bench
	$(BIN)/bandit --quiet --configfile pyproject.toml --severity-level medium --recursive kompas bench

typecheck:
	$(BIN)/mypy kompas bench

# The whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster.
pytest:
	$(BIN)/pytest -q
	scripts/with-postgres $(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/cli.py
	scripts/with-postgres $(BIN)/python bench/load.py
	$(BIN)/python bench/report.py

# Respondents autosaving through worker kills, database restarts and a locked table (minutes;
# not part of `make test`): every acknowledged answer must be stored.
faults: setup
	scripts/with-postgres $(BIN)/python bench/faults.py

# Re-run the R scripts that produced the reference values kept beside the tests.
r-reference:
	scripts/install-system-packages r-base-core r-cran-psych r-cran-lavaan r-cran-mclust r-cran-jsonlite
	for script in kompas/psychometrics/tests/r/*.R; do Rscript $$script || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
