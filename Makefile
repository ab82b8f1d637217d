# Backlot: the README's two commands are `make demo` and `make test`.
SWIFT ?= swift
OUT ?= demo-out

.PHONY: deps build demo test bench fuzz fuzz-build clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product backlot

## Synthesise the built-in plate, key it and write the results with a contact sheet to $(OUT)/.
demo: build
	.build/release/backlot demo --output $(OUT)

## Build and run every test.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks against peers; writes bench/RESULTS.md.
bench: build
	$(SWIFT) build -c release --product backlot-bench-io
	python3 bench/key_bench.py
	python3 bench/speed_bench.py
	python3 bench/shot_bench.py

## libFuzzer harnesses over the readers, with AddressSanitizer and (trapping) UndefinedBehaviorSanitizer.
FUZZ_SECONDS ?= 20
FUZZ_NO_MAIN = $(shell ls $$(dirname $$(dirname $$(readlink -f $$(command -v $(SWIFT)))))/lib/clang/*/lib/*/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -1)
FUZZ_FLAGS = -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
	-Xswiftc -DBACKLOT_FUZZ -Xcc -fsanitize=fuzzer-no-link,address,undefined -Xcc -fsanitize-trap=undefined \
	-Xcxx -fsanitize=fuzzer-no-link,address,undefined -Xcxx -fsanitize-trap=undefined -Xlinker $(FUZZ_NO_MAIN)

fuzz-build: deps
	@test -n "$(FUZZ_NO_MAIN)" || { echo "libFuzzer (libclang_rt.fuzzer_no_main) not found next to $(SWIFT)"; exit 1; }
	$(SWIFT) build -c release --product backlot-fuzz --build-path .build-fuzz $(FUZZ_FLAGS)

## Each reader for FUZZ_SECONDS (default 20); results go to bench/RESULTS.md. Campaigns: scripts/fuzz.py --runs N.
fuzz: fuzz-build
	python3 scripts/fuzz.py --seconds $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-fuzz $(OUT)
