# Backlot: the README's two commands are `make demo` and `make test`.
SWIFT ?= swift
OUT ?= demo-out

.PHONY: deps build demo test bench clean

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

clean:
	rm -rf .build $(OUT)
