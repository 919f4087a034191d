# The README's commands. `make demo` starts Heritrace with a generated register; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint serve clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/heritrace demo

serve: $(STAMP)
	$(BIN)/heritrace serve

test: $(STAMP)
	rm -rf .schema-check && HERITRACE_DATA_DIR=.schema-check HERITRACE_DATABASE_URL= $(BIN)/heritrace db upgrade \
	  && HERITRACE_DATA_DIR=.schema-check HERITRACE_DATABASE_URL= $(BIN)/alembic check; rc=$$?; rm -rf .schema-check; exit $$rc
	$(BIN)/python -m pytest -n 2 -rs --junitxml=.test-results.xml $(PYTEST_ARGS)

# Interface languages (docs/i18n.md): extract the messages of the code and templates into the template
# catalogue, then add new messages to each language's catalogue. The .po files are read at run time.
LANGUAGES := fr es ar ru uk
LOCALE := heritrace/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap \
	  --project=Heritrace --copyright-holder="Heritrace contributors" -o $(LOCALE)/messages.pot heritrace
	sed -i '/^"POT-Creation-Date: /d' $(LOCALE)/messages.pot  # no date: the file changes only with its messages
	for lang in $(LANGUAGES); do \
	  $(BIN)/pybabel update --init-missing --no-wrap --no-fuzzy-matching --ignore-obsolete \
	    --ignore-pot-creation-date -i $(LOCALE)/messages.pot -d $(LOCALE) -l $$lang || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check heritrace tests benchmarks
	$(BIN)/ruff format --check heritrace tests benchmarks
	$(BIN)/mypy heritrace/core heritrace/access heritrace/audit

clean:
	rm -rf $(VENV) heritrace-data heritrace-demo .pytest_cache .test-results.xml
