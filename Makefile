# huiwu: `make all` builds every meeting in inputs/; `make test` runs the suite.
# Both set up .venv on a fresh machine first.

PYTHON ?= python3
VENV   := .venv
BIN    ?= $(VENV)/bin
STAMP  ?= $(VENV)/.installed
INPUTS_DIR  ?= inputs
OUTPUTS_DIR ?= outputs
INPUTS  := $(filter-out $(INPUTS_DIR)/~$$%,$(wildcard $(INPUTS_DIR)/*.xlsx))
RESULTS := $(patsubst $(INPUTS_DIR)/%.xlsx,$(OUTPUTS_DIR)/.status/%.rc,$(INPUTS))

.PHONY: all builds test check lint clean setup system-deps bench FORCE

# Every meeting is its own target, so `make -j2 all` builds two at once; a failing
# meeting records its exit code and the others go on; the summary decides the exit code.
all: $(STAMP)
	@rm -rf $(OUTPUTS_DIR)/.status
	@$(BIN)/python -m compileall -q pipeline > /dev/null  # each build process then starts from bytecode
	@$(MAKE) --no-print-directory builds
	@$(BIN)/python -m pipeline batch-summary $(OUTPUTS_DIR)/.status

builds: $(RESULTS)

$(OUTPUTS_DIR)/.status/%.rc: $(INPUTS_DIR)/%.xlsx FORCE
	@mkdir -p $(OUTPUTS_DIR)/.status
	@$(BIN)/python -m pipeline build "$<" -o "$(OUTPUTS_DIR)/$*" --label "$*"; echo $$? > "$@"

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "無法建立 Python 虛擬環境：請先安裝 python3-venv（Debian/Ubuntu：apt-get install python3-venv）。"; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# LibreOffice and CJK fonts: only the PDF check in the tests needs them.
system-deps:
	@bash .ci/system-deps

test: $(STAMP) system-deps
	@$(BIN)/python -m pytest

lint: $(STAMP)
	@$(BIN)/ruff check pipeline tests bench tools

check: lint test

bench: $(STAMP)
	@$(BIN)/python bench/build.py --people 3000

clean:
	rm -rf outputs/*/ $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

FORCE:
