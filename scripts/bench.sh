#!/usr/bin/env bash
# The speed benchmark (BENCHMARKS.md): leaplab natively, in wasm under Node
# and headless Chromium, against PyTorch on the CPU and TensorFlow.js with
# its wasm backend, on the configurations of benches/configs.json.
#
# Installs its own peers, never into the repository's package files:
# PyTorch from PyPI into a venv in target/bench/venv (the PyPI wheel, run on
# the CPU; its CUDA libraries are installed but unused) and
# @tensorflow/tfjs + @tensorflow/tfjs-backend-wasm from npm into
# target/bench/node. Not part of ./scripts/test.sh.
#
#   ./scripts/bench.sh                 # 3 interleaved repetitions, print tables
#   ./scripts/bench.sh --write         # … and update BENCHMARKS.md
#   ./scripts/bench.sh --repeat 5 --configs headline,wide --peers leaplab-native,pytorch-1
#
# Run it on an otherwise idle machine (check `uptime`): the numbers are
# only as good as the machine's quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

TORCH_VERSION=2.15.0
TFJS_VERSION=4.22.0
BENCH=target/bench

ensure_wasm_target
ensure_wasm_bindgen_cli
ensure_node
ensure_chromium
ensure_npm_packages

if ! "$BENCH/venv/bin/python" -c "import torch; assert torch.__version__.startswith('$TORCH_VERSION')" 2>/dev/null; then
    say "installing PyTorch $TORCH_VERSION from PyPI into $BENCH/venv"
    python3 -m venv "$BENCH/venv"
    "$BENCH/venv/bin/pip" install --quiet "torch==$TORCH_VERSION"
fi

if [ "$(node -p "require('./$BENCH/node/node_modules/@tensorflow/tfjs-backend-wasm/package.json').version" 2>/dev/null)" != "$TFJS_VERSION" ]; then
    say "installing TensorFlow.js $TFJS_VERSION (wasm backend) from npm into $BENCH/node"
    mkdir -p "$BENCH/node"
    [ -f "$BENCH/node/package.json" ] || echo '{"name": "leaplab-bench-peers", "private": true}' > "$BENCH/node/package.json"
    (cd "$BENCH/node" && npm install --no-audit --no-fund --loglevel=error \
        "@tensorflow/tfjs@$TFJS_VERSION" "@tensorflow/tfjs-backend-wasm@$TFJS_VERSION")
fi

say "building leaplab: native benches, the page's wasm, the benchmark's wasm"
cargo bench --bench speed --bench peak --no-run --quiet
./scripts/build-web.sh
mkdir -p "$BENCH/pkg"
cp www/pkg/leaplab.js www/pkg/leaplab_bg.wasm "$BENCH/pkg/"

say "load average: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores: numbers taken above ~0.5 are noisy)"
node benches/run.mjs "$@"
