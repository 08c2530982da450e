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

.PHONY: serve test build dist fuzz deps deps-dist deps-browser test-native test-browser bench bench-native bench-browser clean

## Toolchain for the browser build. The two cargo-installed tools build into one shared target
## directory (their common crates compile once) and as debug builds: trunk only orchestrates, and
## wasm-bindgen's debug build still processes our largest wasm in seconds (README, "Build times").
TOOLS_TARGET := $(HOME)/.cache/plumbline-tools
TIMED := scripts/timed.sh
deps:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || $(TIMED) "rustup: the wasm32 target" rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)" || $(TIMED) "cargo install trunk $(TRUNK_VERSION) (debug build)" \
	  cargo install --quiet --debug --locked --target-dir $(TOOLS_TARGET) trunk@$(TRUNK_VERSION)
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || $(TIMED) "cargo install wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (debug build)" \
	  cargo install --quiet --debug --target-dir $(TOOLS_TARGET) wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)"
	@# zstd (Parquet) compiles C for wasm32: that needs clang.
	@command -v clang >/dev/null || { [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update && touch $(APT_UPDATED); }; \
	  DEBIAN_FRONTEND=noninteractive $(TIMED) "apt-get install clang" $(SUDO) apt-get install -y -q clang; }
	@command -v node >/dev/null || { [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update && touch $(APT_UPDATED); }; \
	  DEBIAN_FRONTEND=noninteractive $(TIMED) "apt-get install nodejs npm" $(SUDO) apt-get install -y -q nodejs npm; }

## Chromium, its driver and the npm test dependencies.
deps-browser: deps
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { [ -f $(APT_UPDATED) ] || { $(SUDO) apt-get update && touch $(APT_UPDATED); }; \
	  DEBIAN_FRONTEND=noninteractive $(TIMED) "apt-get install chromium chromium-driver" $(SUDO) apt-get install -y -q chromium chromium-driver; }
	@[ -d tests/browser/node_modules/playwright-core ] && [ -d tests/browser/node_modules/axe-core ] || (cd tests/browser && ../../$(TIMED) "npm ci (browser tests)" npm ci --no-audit --no-fund)

## binaryen's wasm-opt from npm (Debian's is too old for current Rust wasm).
deps-dist:
	@[ -d tools/site/node_modules/binaryen ] || (cd tools/site && ../../$(TIMED) "npm ci (binaryen)" npm ci --no-audit --no-fund)

## The release site in dist/: relocatable (relative URLs), UI wasm optimised, service worker.
## The wasm binaries use the `web` profile (Cargo.toml): quick to build, full speed.
build: deps deps-dist
	cargo fetch --quiet
	$(TIMED) "trunk build (three wasm binaries, profile web)" trunk build --release
	node scripts/finish_dist.mjs dist

## For publishing: fat LTO and one codegen unit (smallest files; a much longer build), plus
## .gz/.br copies next to each file for servers that serve precompressed files.
dist: deps deps-dist
	cargo fetch --quiet
	CARGO_PROFILE_WEB_LTO=fat CARGO_PROFILE_WEB_CODEGEN_UNITS=1 $(TIMED) "trunk build (fat LTO)" trunk build --release
	node scripts/finish_dist.mjs dist --precompress

serve: build
	@echo "Plumbline at http://127.0.0.1:$(PORT)/ (the demo is one click away; Ctrl-C stops)"
	node tests/browser/serve.mjs dist $(PORT)

test: deps-browser test-native test-browser

## Every test target (the library's unit tests, the binaries', the one integration crate
## tests/it). Benchmarks are not built here: `make bench` runs them.
test-native:
	$(TIMED) "cargo test" cargo test --lib --bins --tests
	@scripts/check_wasm_features.sh

test-browser: build deps-browser
	cd tests/browser && ../../$(TIMED) "browser tests" node --test --test-concurrency=1 app.test.mjs

## Coverage-guided fuzzing (not part of `make test`; see fuzz/README.md). Built without a
## sanitizer (`-s none`: the engine is safe Rust, and AddressSanitizer made it 3-5x slower, so the
## 1 s hang bound would measure the sanitizer); inputs up to 4 KiB (`-max_len`), so a seed such as
## the gzip bomb is fuzzed in pieces, not re-inflated to its 32 MiB bound on every run.
FUZZ_SECONDS ?= 600
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -timeout=1 -rss_limit_mb=1024 -max_len=4096 -print_final_stats=1
FUZZ_RUN = cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -s none --features onnx
fuzz:
	@command -v cargo-fuzz >/dev/null || $(TIMED) "cargo install cargo-fuzz" cargo install --quiet --locked cargo-fuzz
	@mkdir -p fuzz/corpus/csv_loader fuzz/corpus/parquet_loader fuzz/corpus/config_gates fuzz/corpus/onnx_loader fuzz/corpus/all_checks
	$(FUZZ_RUN) csv_loader corpus/csv_loader ../tests/malformed -- $(FUZZ_FLAGS)
	$(FUZZ_RUN) parquet_loader corpus/parquet_loader ../tests/malformed -- $(FUZZ_FLAGS) -max_len=8192
	$(FUZZ_RUN) config_gates corpus/config_gates seeds/config_gates -- $(FUZZ_FLAGS)
	$(FUZZ_RUN) onnx_loader corpus/onnx_loader ../tests/fixtures/onnx -- $(FUZZ_FLAGS)
	$(FUZZ_RUN) all_checks corpus/all_checks ../tests/malformed -- $(FUZZ_FLAGS)

## Benchmarks (figures, not tests).
bench: bench-native bench-browser

bench-native:
	cargo bench --bench ingest --bench drift --bench model_checks --bench report --bench comparison --bench model_scoring

bench-browser: build deps-browser
	cd tests/browser && node bench.mjs && node bench-drift.mjs && node bench-model.mjs && node bench-report.mjs && node bench-comparison.mjs && node bench-onnx.mjs

clean:
	cargo clean
	rm -rf dist
