#!/usr/bin/env bash
# Runs every test: formatting, lints, the native tests in release mode, the
# wasm tests in Node and in headless Chromium, and the page's end-to-end
# tests in Chromium. Installs what is missing first; safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

say "the set-up on a simulated fresh machine"
bash tests/setup/fresh_machine.sh
ensure_wasm_target
ensure_wasm_bindgen_cli
ensure_node
ensure_chromium
ensure_npm_packages

say "cargo fmt --check"
cargo fmt --check
say "cargo clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings
say "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --test wasm_node --test wasm_browser --test wasm_sweep -- -D warnings
say "native tests (release)"
cargo test --release
say "wasm tests in Node and in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
    cargo test --release --target wasm32-unknown-unknown --test wasm_node --test wasm_browser --test wasm_sweep
./scripts/build-web.sh
say "page tests in headless Chromium"
node --test tests/browser/
