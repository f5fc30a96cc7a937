// The published site as ./scripts/build-site.sh writes it: run with
// LEAPLAB_SITE=dist (skipped against www/). The browser tests run against
// it too; this checks its files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SITE } from './browser.mjs';
import { ISOLATION_HEADERS } from '../../scripts/serve.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
// The wasm module's ceiling, gzipped at level 9: the target, 250,000 bytes
// (README's "Publishing the site" says how it is met).
const WASM_BUDGET = 250000;

// Every file under `dir`, as './relative/path', in byte order.
function files(dir, prefix = '.') {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory()
    ? files(join(dir, name), `${prefix}/${name}`)
    : [`${prefix}/${name}`])).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

test('dist/ holds the three pages, the isolation headers and one folder, named by its content, with all they load', { skip: SITE !== 'dist' && 'LEAPLAB_SITE=dist only' }, () => {
  const entries = readdirSync(DIST).sort();
  const folders = entries.filter((e) => statSync(join(DIST, e)).isDirectory());
  assert.deepEqual(entries.filter((e) => !folders.includes(e)), ['_headers', 'embed.html', 'index.html', 'sweep.html']);
  // a _headers file (Netlify, Cloudflare Pages): every path gets the headers the dev server sends
  const headers = readFileSync(join(DIST, '_headers'), 'utf8').trim().split('\n');
  assert.deepEqual(headers, ['/*', ...Object.entries(ISOLATION_HEADERS).map(([k, v]) => `  ${k}: ${v}`)]);
  assert.equal(folders.length, 1, 'one build, one folder');
  const [folder] = folders;
  for (const module of ['pkg', 'pkg-threads']) assert.ok(statSync(join(DIST, folder, module, 'leaplab_bg.wasm')).isFile(), module);
  // the name is the content's hash, as `sha256sum` lists it
  const root = join(DIST, folder);
  const listing = files(root).map((f) => `${sha256(readFileSync(join(root, f)))}  ${f}\n`).join('');
  assert.equal(folder, sha256(listing).slice(0, 12), 'the folder is named by a hash of its content');

  for (const page of ['index', 'embed', 'sweep']) {
    const html = readFileSync(join(DIST, `${page}.html`), 'utf8');
    for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
      assert.doesNotMatch(url, /^(\/|[a-z]+:)/, `${page}.html: ${url} is relative`);
      if (!url.endsWith('.html')) assert.ok(url.startsWith(`${folder}/`), `${page}.html loads ${url} from the build's folder`);
    }
  }
});

test(`the wasm module is at most ${WASM_BUDGET} bytes gzipped`, { skip: SITE !== 'dist' && 'LEAPLAB_SITE=dist only' }, () => {
  const [folder] = readdirSync(DIST).filter((e) => statSync(join(DIST, e)).isDirectory());
  const wasm = readFileSync(join(DIST, folder, 'pkg', 'leaplab_bg.wasm'));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  console.log(`wasm module: ${wasm.length} bytes, ${gzipped} gzipped`);
  assert.ok(gzipped <= WASM_BUDGET, `${gzipped} bytes gzipped`);
});
