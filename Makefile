# One entry point for people and CI.
#   make serve  — install what is missing, build, serve the app at http://127.0.0.1:8080
#   make test   — install what is missing, run every test: native (cargo) and browser (Chromium)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
export CARGO_TERM_COLOR := never

PORT ?= 8080
TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_UPDATED := /tmp/.plumbline-apt-updated

.PHONY: serve test build dist deps deps-dist deps-browser test-native test-browser bench bench-native bench-browser clean

## Toolchain for the browser build.
deps:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)" || cargo install --locked trunk@$(TRUNK_VERSION)
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)"
	@# zstd (Parquet) compiles C for wasm32: that needs clang.
	@command -v clang >/dev/null || { [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update && touch $(APT_UPDATED); }; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y clang; }
	@command -v node >/dev/null || { [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update && touch $(APT_UPDATED); }; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y nodejs npm; }

## Chromium, its driver and the npm test dependencies.
deps-browser: deps
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update && touch $(APT_UPDATED); }; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium chromium-driver; }
	@[ -d tests/browser/node_modules/playwright-core ] && [ -d tests/browser/node_modules/axe-core ] || (cd tests/browser && npm ci --no-audit --no-fund)

## binaryen's wasm-opt from npm (Debian's is too old for current Rust wasm).
deps-dist:
	@[ -d tools/site/node_modules/binaryen ] || (cd tools/site && npm ci --no-audit --no-fund)

## The release site in dist/: relocatable (relative URLs), UI wasm optimised, service worker.
build: deps deps-dist
	cargo fetch --quiet
	trunk build --release
	node scripts/finish_dist.mjs dist

## The same, plus .gz/.br copies next to each file for servers that serve precompressed files.
dist: build
	node scripts/finish_dist.mjs dist --precompress --no-opt

serve: build
	@echo "Plumbline at http://127.0.0.1:$(PORT)/ (the demo is one click away; Ctrl-C stops)"
	node tests/browser/serve.mjs dist $(PORT)

test: deps-browser test-native test-browser

test-native:
	cargo test --all-targets

test-browser: build deps-browser
	cd tests/browser && node --test --test-concurrency=1 app.test.mjs

## Benchmarks (figures, not tests).
bench: bench-native bench-browser

bench-native:
	cargo bench --bench ingest --bench drift --bench model_checks --bench report --bench comparison --bench model_scoring

bench-browser: build deps-browser
	cd tests/browser && node bench.mjs && node bench-drift.mjs && node bench-model.mjs && node bench-report.mjs && node bench-comparison.mjs && node bench-onnx.mjs

clean:
	cargo clean
	rm -rf dist
