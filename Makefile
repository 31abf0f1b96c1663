# zeren — `make demo` runs the demo, `make test` runs every check. Needs python3 (with venv) and
# make; `make test` first runs tools/setup-test-machine.sh, which installs Debian's chromium,
# fonts-noto-cjk and libreoffice-writer-nogui when missing (as root; otherwise it prints the one
# sudo line) and starts an installed PostgreSQL that is not running.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.zeren-installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/zeren
# The test process's configuration: a fixed key and plain HTTP (DEBUG=true, which pytest-django turns
# off while tests run); production settings are checked by tests/settings/test_startup.py. Each
# database's run has its own data directory (var/test-sqlite, var/test-postgres): `make test` runs them
# side by side.
TEST_DATA = test
TEST_ENV = SECRET_KEY=zeren-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG \
	DEBUG=true ALLOWED_HOSTS=testserver,localhost,127.0.0.1 ZEREN_DATA_DIR=$(CURDIR)/var/$(TEST_DATA) \
	EMAIL_URL=console://
PYTEST_ARGS ?=
# Every Django app and module of the package; zeren.policy is checked strictly on its own.
DJANGO_CODE = $(filter-out src/zeren/policy src/zeren/packs src/zeren/locale src/zeren/static src/zeren/templates \
	src/zeren/__pycache__,$(wildcard src/zeren/*))

.PHONY: install demo test test-machine lint typecheck importlint test-sqlite test-postgres messages bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "zeren: cannot create $(VENV); on Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/zeren demo

# The machine first (tools/setup-test-machine.sh), then every check; the two databases' runs side by
# side (two cores: half the wall time), each one's output printed whole when it ends.
test: install test-machine
	@$(MAKE) --no-print-directory lint typecheck importlint
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-machine:
	tools/setup-test-machine.sh '$(PG_URL)'

lint: install
	$(BIN)/ruff check src tests tools

# zeren.policy strictly (configured in pyproject); the Django code with the django-stubs plugin.
typecheck: install
	$(BIN)/mypy src/zeren/policy
	$(TEST_ENV) $(BIN)/mypy --config-file mypy-django.ini $(DJANGO_CODE)

importlint: install
	$(BIN)/lint-imports

test-sqlite: TEST_DATA = test-sqlite
test-sqlite: install
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: TEST_DATA = test-postgres
test-postgres: install
	@pg_isready -q -d '$(PG_URL)' || { echo "zeren: PostgreSQL does not answer at $(PG_URL) (make test-machine starts it)"; exit 1; }
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

# After changing user-facing strings (CONTRIBUTING.md "A translation"): extract the msgids into the .po
# (file names as locations, no line numbers, so an edit elsewhere in a file changes nothing in the .po),
# keep the entries in the order the file already has (new ones at the end, dropped ones gone), list
# what still needs a Chinese msgstr, and compile the .mo with msgfmt --check. The .po is the one source
# of the translations: edit its msgstr directly.
PO := src/zeren/locale/zh_Hans/LC_MESSAGES/django.po
messages: install
	@mkdir -p var
	cp $(PO) var/django.po.before
	cd src/zeren && DEBUG=true ZEREN_DATA_DIR=$(CURDIR)/var ../../$(BIN)/python -m django makemessages -l zh_Hans \
	  --settings zeren.settings --ignore 'policy/*' --ignore 'packs/*' --no-obsolete --add-location file
	$(BIN)/python tools/po_keep_order.py var/django.po.before $(PO)
	@msgattrib --untranslated --no-wrap $(PO) | grep -A1 '^msgid' | grep -v '^--' | sed 's/^/untranslated: /' || true
	@msgattrib --only-fuzzy --no-wrap $(PO) | grep '^msgid' | sed 's/^/fuzzy (check, then remove the flag): /' || true
	msgfmt --check -o $(PO:.po=.mo) $(PO)

# Duty performance at province scale (docs/benchmarks.md "Duty performance"): drops and recreates the
# PostgreSQL database zeren_bench (BENCH_PG_URL to change it) and measures on it the records list and
# the tours' lists (each writes its own section), then SQLite with fewer records, then
# writes the figures and the machine into docs/benchmarks.md; then the province-wide assessment pre-fill
# (its own database zeren_bench_assessment); then the province over ten years, measured with one year
# stored and with ten (bench/ten_years.py, its own database zeren_bench10). Timed on 2 cores (AMD EPYC,
# 2026-12-03, a shared machine whose speed varied up to 2x within the hour): 28.5 minutes in all, of
# which ten_years 15, the steps before it 13.5.
bench: install
	$(BIN)/python bench/policy_compliance.py
	$(BIN)/python bench/duty_performance.py --db postgres --records 1000000 --double --json var/bench/postgres.json
	$(BIN)/python bench/records_list.py --db postgres --json var/bench/records_list.json --write-docs
	$(BIN)/python bench/tours_lists.py --db postgres --findings 100000 --json var/bench/tours.json --write-docs
	$(BIN)/python bench/duty_performance.py --db sqlite --records 200000 --json var/bench/sqlite.json
	$(BIN)/python bench/duty_performance.py --write-docs var/bench/postgres.json var/bench/sqlite.json
	$(BIN)/python bench/assessment_prefill.py --db postgres --records 1000000 --write-docs
	$(BIN)/python bench/ten_years.py --write-docs
