#!/usr/bin/env bash
# Runs every test: formatting, lints, the native tests in release mode,
# and the wasm tests in Node. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

ensure_wasm_target
ensure_wasm_bindgen_cli
ensure_node

say "cargo fmt --check"
cargo fmt --check
say "cargo clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings
say "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --test wasm_node -- -D warnings
say "native tests (release)"
cargo test --release
say "wasm tests in Node"
cargo test --release --target wasm32-unknown-unknown --test wasm_node
