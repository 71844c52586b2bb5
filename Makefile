# Quire: the commands the README shows.
#
#   make setup        Rust wasm target, rustfmt/clippy, wasm-pack, node_modules
#   make setup-test   setup + Chromium and chromedriver (for the browser tests)
#   make wasm         build the WebAssembly packages: the reader's www/pkg, the full www/pkg-full, the search www/pkg-search
#   make vendor       copy highlight.js and KaTeX, bundle CodeMirror, into www/vendor
#   make cli          build the `quire` command line (target/debug/quire), runtime embedded
#   make install      build the runtime, then `cargo install` the release `quire` (~/.cargo/bin)
#   make serve        build, then `quire serve examples/blog` on http://127.0.0.1:8080 (PORT=...)
#   make test         every check CI runs (see .ci/run)
#   make test-corpus  the tests that read the shared corpus (make test runs them where it is)
#   make bench        every benchmark (parse speed, sizes, cold start, editor, imported blogs, search, index)
#   make fuzz         each cargo-fuzz target for FUZZ_SECONDS (default 60)
#
# Every setup step skips what is already installed, so a second run is fast.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8080
WASM_TARGET := wasm32-unknown-unknown
WASM_PACK_VERSION ?= 0.15.1
PKG_DIR := www/pkg
FULL_PKG_DIR := www/pkg-full
SEARCH_PKG_DIR := www/pkg-search

# wasm-pack finds `wasm-opt` on PATH: the npm package `binaryen` provides it.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# npm ci writes node_modules/.package-lock.json: a stamp newer than the lock file.
NODE_STAMP := node_modules/.package-lock.json
WASM_INPUTS := $(shell find src crates/wasm -type f 2>/dev/null) Cargo.toml Cargo.lock .cargo/config.toml

.PHONY: FORCE
FORCE:

.PHONY: help setup setup-rust setup-node setup-test wasm cli serve test \
        fmt-check clippy test-rust test-wasm test-js test-e2e

help:
	@sed -n 's/^#   make /make /p' $(MAKEFILE_LIST)

## Setup ---------------------------------------------------------------------

setup: setup-rust setup-node

setup-rust:
	@command -v rustup >/dev/null || { echo "rustup is required (https://rustup.rs)"; exit 1; }
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@command -v wasm-pack >/dev/null || cargo install wasm-pack --locked --version $(WASM_PACK_VERSION)

setup-node: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	@command -v npm >/dev/null || { echo "Node.js >= 20 with npm is required"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

setup-test: setup
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "Installing chromium and chromium-driver"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

## Build ---------------------------------------------------------------------

wasm: setup $(PKG_DIR)/quire_bg.wasm

# Three builds of crates/wasm, one rule (all are always built together), by cargo feature: the
# reader's module (www/pkg, `reader`: no template engines, no TOML, no author exports, no
# search; what every reader downloads), the search module (www/pkg-search, `search`: the query
# side of search, loaded only when a search runs) and the full one (www/pkg-full, the default:
# everything; the editor, and the reader's page for a post that needs the engines). Rebuilt
# only when the crates or the node tooling (wasm-opt) changed; `make -B wasm` forces it. The
# rule's target is the reader's .wasm, built last, so an interrupted run builds again.
# A package missing (deleted by hand: the rule's target is the reader's alone) builds all three.
WASM_OUTPUTS := $(PKG_DIR)/quire_bg.wasm $(FULL_PKG_DIR)/quire_bg.wasm $(SEARCH_PKG_DIR)/quire_bg.wasm
WASM_MISSING := $(filter-out $(wildcard $(WASM_OUTPUTS)),$(WASM_OUTPUTS))
$(PKG_DIR)/quire_bg.wasm: $(WASM_INPUTS) $(NODE_STAMP) $(if $(WASM_MISSING),FORCE) | setup-rust
	wasm-pack build crates/wasm --target web --release --out-dir ../../$(FULL_PKG_DIR) --out-name quire
	wasm-pack build crates/wasm --target web --release --out-dir ../../$(SEARCH_PKG_DIR) --out-name quire -- --no-default-features --features search
	wasm-pack build crates/wasm --target web --release --out-dir ../../$(PKG_DIR) --out-name quire -- --no-default-features --features reader
	@touch $@

# highlight.js and KaTeX for the blog, copied from node_modules into www/vendor (gitignored),
# and the editor's CodeMirror bundled there by esbuild (rebuilt when its entry file changes).
.PHONY: vendor
vendor: setup-node www/vendor/README.txt

www/vendor/README.txt: scripts/vendor.mjs scripts/codemirror-entry.mjs $(NODE_STAMP)
	node scripts/vendor.mjs --out www/vendor

# The CLI is built with the test profile (quick to build, fast enough to run), so
# `make test` and `make serve` share one build. It embeds www/ (the shell, www/pkg and
# www/vendor), so it is rebuilt when any of those change.
QUIRE := target/debug/quire
CLI_INPUTS := $(shell find crates/cli www -type f -not -path 'www/pkg/*' -not -path 'www/pkg-full/*' -not -path 'www/pkg-search/*' -not -path 'www/vendor/*' 2>/dev/null)
cli: $(QUIRE)

$(QUIRE): $(WASM_INPUTS) $(CLI_INPUTS) $(PKG_DIR)/quire_bg.wasm www/vendor/README.txt | setup-rust
	cargo build -p quire-cli
	@touch $@

# One self-contained binary: the release build with the runtime embedded, put on PATH by cargo.
.PHONY: install
install: setup wasm vendor
	cargo install --locked --path crates/cli

serve: setup wasm vendor cli
	$(QUIRE) serve examples/blog --port $(PORT)

## Checks --------------------------------------------------------------------

test: setup-test wasm vendor cli
	@$(MAKE) --no-print-directory -j1 fmt-check clippy test-rust test-corpus-if-there test-wasm test-js test-e2e

# The single checks below assume setup (and `make wasm` for test-js and test-e2e) was done.
fmt-check:
	cargo fmt --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p quire -p quire-wasm --all-targets --features quire-wasm/floor --target $(WASM_TARGET) -- -D warnings
	cargo clippy -p quire-wasm --no-default-features --features reader --target $(WASM_TARGET) -- -D warnings
	cargo clippy -p quire-wasm --no-default-features --features search --target $(WASM_TARGET) -- -D warnings

test-rust:
	cargo test --workspace

# The tests that read the shared corpus (real posts nobody on the team wrote): `#[ignore]`d, so
# `cargo test` lists them as ignored; run here. QUIRE_CORPUS=/path/to/posts, else the corpus
# beside the repository; a missing corpus fails them.
CORPUS_DIR := $(or $(QUIRE_CORPUS),../shared/corpus/posts)
.PHONY: test-corpus test-corpus-if-there
test-corpus:
	cargo test --workspace -- --ignored

# `make test` runs them wherever the corpus is; elsewhere it says so, and they stay ignored.
test-corpus-if-there:
	@if [ -d "$(CORPUS_DIR)" ]; then $(MAKE) --no-print-directory test-corpus; \
	else echo "NOT RUN: the corpus tests (no corpus at $(CORPUS_DIR); set QUIRE_CORPUS and run make test-corpus)"; fi

test-wasm:
	wasm-pack test --headless --chrome crates/wasm

test-js:
	node --test tests/js/

test-e2e:
	node --test tests/e2e/

## Fuzzing -------------------------------------------------------------------
# make fuzz [FUZZ_SECONDS=60]: each cargo-fuzz target (fuzz/fuzz_targets/) in
# turn, for FUZZ_SECONDS each. Needs the nightly toolchain; installs cargo-fuzz.
# Crashes land in fuzz/artifacts/; keep each as a test in tests/fuzz_regressions.rs.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := split_front_matter parse_post render_markdown

.PHONY: fuzz
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  cargo +nightly fuzz run -O $$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 || exit 1; \
	done

## Benchmarks: hostile input ------------------------------------------------
# make bench-hostile: every pathological case at full size and one tenth, with the
# time ratio (about 10x is linear) and pulldown-cmark alone for comparison.
.PHONY: bench-hostile
bench-hostile:
	cargo bench --bench hostile

## Benchmarks: imported blogs ---------------------------------------------------
# make bench-compat: the shared corpus rendered as imported blogs, per folder: posts, posts with
# diagnostics (counted by message), and any post still showing `{%`, `{{` or `{:` outside code.
.PHONY: bench-compat
bench-compat:
	cargo bench --bench compat

## Benchmarks: editor ---------------------------------------------------------
# make bench-editor [EDITOR_KEYS=200]: keystroke-to-preview latency of the editor in headless
# Chromium on 4 KB, 100 KB and 1 MB posts (p50/p95, input handler time); also written to
# target/bench/editor.json.
EDITOR_KEYS ?= 200
.PHONY: bench-editor
bench-editor: setup wasm vendor
	node bench/editor/latency.mjs --keys $(EDITOR_KEYS)

## Benchmarks: everything -----------------------------------------------------
# make bench [BENCH_ARGS="--quick" | "--skip hostile,editor"]: throughput of Quire's parsePost and
# renderMarkdown beside markdown-it, marked, micromark+gfm, commonmark.js and
# gray-matter+markdown-it in one headless Chromium page; native parse_post (cargo bench --bench
# native) on the same bytes; the wasm size; a post page's compressed download and cold start on
# a site built by the CLI; then bench-hostile and bench-editor. Prints every budget
# as pass/MISS and writes target/bench/results.json (and target/bench/history/). ~4 min once built.
BENCH_ARGS ?=
# The floor of the parsePost rows: the full module with `bareMarkdown` (bare pulldown-cmark behind
# the same boundary, crates/wasm/src/floor.rs), for `make bench` only; never in www/.
FLOOR_DIR := target/bench/floor
$(FLOOR_DIR)/quire_bg.wasm: $(WASM_INPUTS) $(NODE_STAMP) | setup-rust
	wasm-pack build crates/wasm --target web --release --out-dir ../../$(FLOOR_DIR) --out-name quire -- --features floor

.PHONY: bench
bench: setup-test wasm vendor cli $(FLOOR_DIR)/quire_bg.wasm
	node bench/run.mjs --quire $(QUIRE) --editor-keys $(EDITOR_KEYS) $(BENCH_ARGS)
	cargo bench --bench compat
	cargo bench --bench pipeline
	node bench/search.mjs --quire $(QUIRE)
	node bench/index.mjs --quire $(QUIRE)
	@$(MAKE) --no-print-directory bench-serve

# make bench-index: what each page of a 1,000- and a 10,000-post blog (the Rust blog of the
# shared corpus, repeated) downloads of its index (home, largest tag, largest year, a post page,
# the archive; gzip and brotli) against the single index of before, and how soon the home and a
# post page show their first post in headless Chromium. Writes target/bench/index.json. ~2 min.
.PHONY: bench-index
bench-index: setup-test wasm cli
	node bench/index.mjs --quire $(QUIRE)

# make bench-serve: `quire serve` (release build) on a 10,000-post site made from the shared
# corpus: how long it takes to start, how soon a page shows an edit of its post (median and
# slowest of 5), the server's peak memory. Writes target/bench/serve.json. ~3 min once built.
.PHONY: bench-serve
bench-serve: setup-test wasm vendor
	cargo build --release -p quire-cli
	node bench/serve.mjs --quire target/release/quire

# make bench-search: the search index of the Rust blog (1,313 posts of the shared corpus) and of
# a 10,000-post site made from it, built by the CLI: size per 1,000 posts, what each of a list of
# real queries downloads and how long it takes (wasm in Node), build time. Prints pass/MISS and
# writes target/bench/search.json. ~1 min once built.
.PHONY: bench-search
bench-search: setup-test wasm cli
	node bench/search.mjs --quire $(QUIRE)
