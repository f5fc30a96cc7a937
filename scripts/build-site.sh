#!/usr/bin/env bash
# Builds the playground as a static site in dist/, ready for any web
# server or GitHub Pages, under any path prefix:
#
#   dist/index.html, embed.html, sweep.html   the pages (stable names: links point here)
#   dist/<hash>/                             everything they load: scripts, styles,
#                                            uPlot, the wasm modules (wasm-opt -O3),
#                                            plain (pkg/) and threaded (pkg-threads/)
#   dist/_headers                            the headers that let a run use several
#                                            threads (cross-origin isolation), for hosts
#                                            that read this file (Netlify, Cloudflare Pages)
#
# <hash> is a hash of the folder's content, so a new build never shares a
# URL with an old one: a page loads only its own build's files, whatever a
# cache kept. Every URL is relative (scripts, workers and the module are
# found from import.meta.url, links from the page's own location).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/wasm-build.sh

ensure_wasm_target
ensure_wasm_bindgen_cli
ensure_node
ensure_npm_packages

say "building the wasm modules (profile site: release, whole-program optimised): plain, then threaded"
plain=$(wasm_build site)
threaded=$(wasm_build_threads site)

stage=target/site
rm -rf "$stage"
mkdir -p "$stage"
cp -R www "$stage/assets"
rm -rf "$stage/assets/pkg" "$stage/assets/pkg-threads" "$stage"/assets/*.html
wasm-bindgen --target web --no-typescript --out-dir "$stage/assets/pkg" "$plain"
wasm-bindgen --target web --no-typescript --out-dir "$stage/assets/pkg-threads" "$threaded"

say "wasm-opt -O3 (binaryen from npm, about a minute a module)"
# The features rustc's wasm32 target emits, simd128 included (and for the
# threaded module, atomics: --enable-threads); nothing else. Memory below
# 1 KiB is never used by Rust code. --converge repeats -O3 while it still
# shrinks the module. No fast-math: the same bits.
optimise() {
    local module=$1
    shift
    node_modules/.bin/wasm-opt -O3 --converge \
        --enable-simd --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        --low-memory-unused --strip-producers --strip-target-features "$@" \
        "$module" -o "$module"
}
# The plain module owns its memory, which starts zeroed; and no load or
# division traps (Rust checks them itself).
optimise "$stage/assets/pkg/leaplab_bg.wasm" --zero-filled-memory --ignore-implicit-traps
# The threaded module's helpers start on memory already in use, so it is
# not zero-filled; and with --ignore-implicit-traps the threaded module's
# runs failed (memory access out of bounds: tests/browser/threads.test.mjs).
optimise "$stage/assets/pkg-threads/leaplab_bg.wasm" --enable-threads

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

# Hosts that read a _headers file send these with every file: the pages
# are then cross-origin isolated, and a run may use several threads.
# Elsewhere (GitHub Pages, a plain server) runs use one thread and say why.
node --input-type=module -e "
import { ISOLATION_HEADERS } from './scripts/serve.mjs';
console.log(['/*', ...Object.entries(ISOLATION_HEADERS).map(([k, v]) => '  ' + k + ': ' + v)].join('\\n'));
" > dist/_headers

for module in pkg pkg-threads; do
    wasm="dist/$hash/$module/leaplab_bg.wasm"
    say "$module: the wasm module is $(wc -c < "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
done
say "dist/ is $(du -sk dist | cut -f1) KB"
