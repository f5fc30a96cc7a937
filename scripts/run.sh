#!/usr/bin/env bash
# Builds the playground and serves it on http://127.0.0.1:8000/ with the
# default experiment (staircase(4) against parity(4) at d = 100) ready to
# run. Installs what is missing first; safe to run twice. Ctrl-C stops it.
# Another port: PORT=9000 ./scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

ensure_node
./scripts/build-web.sh
say "building the command line too: target/release/leaplab"
cargo build --release --quiet
exec node scripts/serve.mjs "${PORT:-8000}"
