#!/usr/bin/env bash
# The slopes study (docs/slopes.md): steps to learn against d for
# staircase(3), (x1 + x1x2x3)/√2 and parity(3), with the learning rate
# scaled as lr0·(16/d)^a for a few a, and batch 64 against batch 1. One
# `leaplab sweep` per setting and d (the rate depends on d, which one spec
# cannot say), five seeds each; then benches/slopes.py fits the slopes.
#
#   ./benches/slopes.sh            # runs what is missing into target/slopes/
#   python3 benches/slopes.py      # the table and docs/slopes.svg
#
# Resumable: every sweep writes its own results file and skips finished runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=target/slopes
mkdir -p "$out"
targets='staircase(3)|(x1%2Bx1x2x3)/sqrt(2)|parity(3)'
# name  batch  lr0   a     budget   steps between evaluations
settings=(
    "b64-a0    64  0.1   0     200000   25"
    "b64-a0.5  64  0.1   0.5   400000   25"
    "b64-a1    64  0.1   1     800000   25"
    "b1-a0     1   0.02  0     2000000  25"
)
for setting in "${settings[@]}"; do
    read -r name batch lr0 a budget every <<<"$setting"
    for d in 16 32 64 128 256; do
        lr=$(python3 -c "print(f'{$lr0 * (16 / $d) ** $a:.6g}')")
        spec="v=1&target=$targets&d=$d&batch=$batch&lr=$lr&steps=$budget&eval_every=$every&seeds=5"
        echo "$name d=$d lr=$lr" >&2
        target/release/leaplab sweep "$spec" --out "$out/$name-d$d.jsonl" 2>/dev/null
    done
done
