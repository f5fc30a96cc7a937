#!/usr/bin/env bash
# The default experiment on the command line: staircase(4) against
# parity(4) at d = 100, same network and optimiser, 3,000 steps of online
# SGD each. Prints each target's analysis and when (if) it was learned.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

say "building leaplab (release)"
cargo build --release --quiet
leaplab=target/release/leaplab
common="v=1&d=100&width=256&batch=64&lr=0.1&steps=3000&eval_every=100"
for target in "staircase(4)" "parity(4)"; do
    say "$target at d = 100"
    "$leaplab" analyze "$target" --d 100
    "$leaplab" run "$common&target=$target" --format csv |
        awk -F, -v t="$target" '
            /^step/ { next }
            /^#/ { sub(/^# /, ""); summary = summary "  " $0 "\n"; next }
            ($1 % 500) == 0 { printf "  step %5d  test MSE %.4f  correlation %.3f\n", $1, $4, $6 }
            END { printf "%s", summary }'
done
