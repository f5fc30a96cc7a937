#!/usr/bin/env bash
# Builds the engine for the browser into www/pkg (an ES module and its
# .wasm, loadable by a plain <script type=module> and a module worker).
# With --test-hooks (scripts/test.sh) the module has the page tests' hook,
# testPanic (the cargo feature test-hooks); without it, it has none.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

features=()
case "${1:-}" in
    --test-hooks) features=(--features test-hooks) ;;
    "") ;;
    *) echo "usage: $0 [--test-hooks]" >&2; exit 2 ;;
esac

ensure_wasm_target
ensure_wasm_bindgen_cli
say "building the wasm module (release${features[*]:+, ${features[*]}})"
cargo build --release --target wasm32-unknown-unknown --lib --quiet "${features[@]}"
wasm-bindgen --target web --no-typescript --out-dir www/pkg \
    target/wasm32-unknown-unknown/release/leaplab.wasm
