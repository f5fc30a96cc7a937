#!/usr/bin/env bash
# Builds the playground as a static site in dist/, ready for any web
# server or GitHub Pages, under any path prefix:
#
#   dist/index.html, embed.html, sweep.html   the pages (stable names: links point here)
#   dist/<hash>/                             everything they load: scripts, styles,
#                                            uPlot, the wasm module (wasm-opt -O3)
#
# <hash> is a hash of the folder's content, so a new build never shares a
# URL with an old one: a page loads only its own build's files, whatever a
# cache kept. Every URL is relative (scripts, workers and the module are
# found from import.meta.url, links from the page's own location).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

ensure_wasm_target
ensure_wasm_bindgen_cli
ensure_node
ensure_npm_packages

say "building the wasm module (profile site: release, whole-program optimised)"
cargo build --profile site --target wasm32-unknown-unknown --lib --quiet

stage=target/site
rm -rf "$stage"
mkdir -p "$stage"
cp -R www "$stage/assets"
rm -rf "$stage/assets/pkg" "$stage"/assets/*.html
wasm-bindgen --target web --no-typescript --out-dir "$stage/assets/pkg" \
    target/wasm32-unknown-unknown/site/leaplab.wasm

say "wasm-opt -O3 (binaryen from npm, about a minute)"
# The features rustc's wasm32 target emits, simd128 included; nothing else.
# Safe assumptions for Rust code: memory below 1 KiB is never used, and no
# load or division traps (Rust checks them itself). --converge repeats -O3
# while it still shrinks the module. No fast-math: the same bits.
node_modules/.bin/wasm-opt -O3 --converge \
    --enable-simd --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    --zero-filled-memory --low-memory-unused --ignore-implicit-traps \
    --strip-producers --strip-target-features \
    "$stage/assets/pkg/leaplab_bg.wasm" -o "$stage/assets/pkg/leaplab_bg.wasm"

hash=$(cd "$stage/assets" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
rm -rf dist
mkdir dist
mv "$stage/assets" "dist/$hash"
# The pages' own assets move into the folder; links between pages stay.
for page in index embed sweep; do
    sed -E "s#(href|src)=\"([^\":/?\#][^\":?\#]*\.(js|css|svg))\"#\1=\"$hash/\2\"#g" "www/$page.html" > "dist/$page.html"
done
# Every file a page names must be there.
for ref in $(grep -ohE '(href|src)="[^":?#]+"' dist/*.html | sed -E 's/^[a-z]+="(.*)"$/\1/' | sort -u); do
    [ -f "dist/$ref" ] || { echo "dist: a page names $ref, which is not there" >&2; exit 1; }
done

wasm="dist/$hash/pkg/leaplab_bg.wasm"
say "dist/ is $(du -sk dist | cut -f1) KB; the wasm module $(wc -c < "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
