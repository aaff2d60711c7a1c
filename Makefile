# Callsign — the two commands of the quick start are `make demo` and `make test`.
JOBS      ?= $(shell nproc)
BUILD     ?= build
ASAN      ?= build-asan
CMAKE_GEN :=

.PHONY: demo test build build-asan deps unit integration asan-test bench check-layers clean

deps:
	@scripts/install-deps test

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCALLSIGN_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j$(JOBS)

# A server with a demo project (60 days of simulated history, live traffic; docs/demo.md) on http://127.0.0.1:8080
# (change with LISTEN=host:port).
LISTEN ?= 127.0.0.1:8080
demo: build
	@$(BUILD)/src/app/callsign demo --listen $(LISTEN)

# Everything: layer check, the release build's tests, then the ASan+UBSan build's tests.
test: check-layers build build-asan
	@scripts/run-tests $(BUILD) $(ASAN)

unit: build
	@cd $(BUILD) && ctest -L unit --output-on-failure -j$(JOBS)

integration: build
	@cd $(BUILD) && ctest -L integration --output-on-failure -j$(JOBS)

bench:
	@scripts/install-deps bench
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DCALLSIGN_BENCH=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@CALLSIGN_BIN=$(BUILD)/src/app/callsign BUILD_DIR=$(BUILD) bench/run

check-layers:
	@scripts/check-layers

clean:
	rm -rf $(BUILD) $(ASAN)
