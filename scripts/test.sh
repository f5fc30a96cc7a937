#!/usr/bin/env bash
# Runs every test: formatting, lints, the native tests in release mode, the
# wasm tests in Node and in headless Chromium, and the page's end-to-end
# tests in Chromium, against www/ and against the published site (dist/). Installs what is missing first; safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/wasm-build.sh

say "the set-up on a simulated fresh machine"
bash tests/setup/fresh_machine.sh
ensure_wasm_target
ensure_rust_src
ensure_wasm_bindgen_cli
ensure_node
ensure_chromium
ensure_firefox
ensure_geckodriver
ensure_npm_packages

say "cargo fmt --check"
cargo fmt --check
say "cargo clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings
say "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --test wasm_node --test wasm_browser --test wasm_sweep -- -D warnings
say "cargo clippy (wasm32, the threaded build)"
cargo_threads clippy -- -D warnings
say "native tests (release)"
cargo test --release
say "wasm tests in Node and in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
    cargo test --release --target wasm32-unknown-unknown --test wasm_node --test wasm_browser --test wasm_sweep
say "wasm browser tests (the golden hashes) in headless Firefox"
GECKODRIVER=$(command -v geckodriver) \
    cargo test --release --target wasm32-unknown-unknown --test wasm_browser
./scripts/build-web.sh --test-hooks
say "page tests in headless Chromium"
node --test tests/browser/
./scripts/build-site.sh
say "the published site: page, link and embed tests against dist/, served by python3 -m http.server under /course/leaplab/"
LEAPLAB_SITE=dist node --test tests/browser/site.test.mjs tests/browser/page.test.mjs tests/browser/threads.test.mjs \
    tests/browser/links.test.mjs tests/browser/embed.test.mjs tests/browser/hardening.test.mjs
