#!/usr/bin/env bash
# Builds the engine for the browser into www/pkg (an ES module and its
# .wasm, loadable by a plain <script type=module> and a module worker).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

ensure_wasm_target
ensure_wasm_bindgen_cli
say "building the wasm module (release)"
cargo build --release --target wasm32-unknown-unknown --lib --quiet
wasm-bindgen --target web --no-typescript --out-dir www/pkg \
    target/wasm32-unknown-unknown/release/leaplab.wasm
