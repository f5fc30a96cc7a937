#!/usr/bin/env bash
# Builds the engine for the browser into www/pkg (an ES module and its
# .wasm, loadable by a plain <script type=module> and a module worker) and
# www/pkg-threads (the threaded build, which a run's worker loads where
# the page is cross-origin isolated: www/threads.js).
# With --test-hooks (scripts/test.sh) the modules have the page tests' hook,
# testPanic (the cargo feature test-hooks); without it, they have none.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/wasm-build.sh

features=()
case "${1:-}" in
    --test-hooks) features=(--features test-hooks) ;;
    "") ;;
    *) echo "usage: $0 [--test-hooks]" >&2; exit 2 ;;
esac

ensure_wasm_target
ensure_wasm_bindgen_cli
say "building the wasm module (release${features[*]:+, ${features[*]}})"
wasm=$(wasm_build release "${features[@]}")
wasm-bindgen --target web --no-typescript --out-dir www/pkg "$wasm"
say "building the threaded wasm module (release, atomics and shared memory${features[*]:+, ${features[*]}})"
wasm=$(wasm_build_threads release "${features[@]}")
wasm-bindgen --target web --no-typescript --out-dir www/pkg-threads "$wasm"
