# The two commands of the README. Each installs what is missing, configures
# and builds, then runs: the demo on examples/demo, or the whole test suite.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps test-deps configure build demo test docs clean

all: build

deps:
	@utils/install-deps.sh

test-deps:
	@utils/install-deps.sh --test

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release; \
	fi

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Findings make hazardlint exit 1; that is the demo working, not failing.
demo: build
	@echo "== hazardlint check examples/demo"
	@cd examples/demo && ../../$(BUILD_DIR)/bin/hazardlint check . ; test $$? -le 1
	@cd examples/demo && ../../$(BUILD_DIR)/bin/hazardlint check . --format sarif \
	  --output ../../$(BUILD_DIR)/demo.sarif 2>/dev/null ; test $$? -le 1
	@echo "== SARIF written to $(BUILD_DIR)/demo.sarif"

test: test-deps build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Regenerates docs/rules/ from rules/ (a test checks it is up to date).
docs: build
	@$(BUILD_DIR)/bin/hazardlint docs --output-dir docs/rules

clean:
	rm -rf $(BUILD_DIR)
