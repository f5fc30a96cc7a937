// One run on several threads in the browser gives the same bits as on one:
// in a cross-origin isolated page (scripts/serve.mjs sends the headers), a
// worker loads the threaded engine (www/threads.js) and trains the golden
// runs with every product cut into bands of rows on 1, 2 and 3 threads;
// each must give its golden hash (tests/golden/metrics_hashes.txt, the
// hashes the native, Node and Firefox tests check too). With
// LEAPLAB_SITE=dist it checks the published site's optimised modules, served
// with the headers of dist/_headers. And the page: a run on its own uses
// every core and says so; a page that is not isolated (dist/ served by
// python3 -m http.server) says why its runs have one thread.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE, SCREENSHOTS, launch, openPage } from './browser.mjs';
import { ISOLATION_HEADERS, startServer } from '../../scripts/serve.mjs';

const GOLDEN = readFileSync(new URL('../golden/metrics_hashes.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' '));

// A module worker, from a blob, that trains `runs` to the end on each of
// `counts` threads with every product cut (setThreads(n, 1)), and answers
// with {hashes: {"n query": hash}, threaded}.
const TRAINER = (origin) => `
import { loadEngine, startPool, singleThreadReason } from '${origin}threads.js';
self.onmessage = async ({ data: { runs, counts } }) => {
  try {
    const engine = await loadEngine();
    if (singleThreadReason) throw new Error(singleThreadReason);
    await startPool(engine);
    const hashes = {};
    for (const n of counts) {
      engine.setThreads(n, 1);
      for (const query of runs) {
        const run = new engine.Run(query);
        while (!run.isFinished()) run.advance(1000);
        if (run.threads() !== n) throw new Error('the products used ' + run.threads() + ' threads, not ' + n);
        hashes[n + ' ' + query] = run.summary().metrics_hash;
        run.free();
      }
    }
    self.postMessage({ hashes });
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};`;

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// The folder with threads.js, served with the isolation headers:
// {url, close()}. For dist/, its build folder served by scripts/serve.mjs.
async function isolatedScripts() {
  if (SITE !== 'dist') return { url: env.url, close() {} };
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const [folder] = readdirSync(dist).filter((e) => statSync(join(dist, e)).isDirectory());
  const { server, url } = await startServer(0, join(dist, folder));
  return { url, close: () => server.close() };
}

test('the golden runs give their hashes on 1, 2 and 3 threads in Chromium', async () => {
  const scripts = await isolatedScripts();
  // an empty page of that origin, isolated as its pages are (the
  // playground's own pages allow no workers from blobs)
  const page = await env.browser.newPage();
  await page.route('**/threads-test.html', (route) => route.fulfill({
    contentType: 'text/html', headers: ISOLATION_HEADERS, body: '<!doctype html><title>threads</title>',
  }));
  await page.goto(`${scripts.url}threads-test.html`);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  const result = await page.evaluate(({ source, runs }) => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => resolve({ error: event.message ?? 'the worker failed to start' });
    worker.postMessage({ runs, counts: [1, 2, 3] });
  }), { source: TRAINER(scripts.url), runs: GOLDEN.map(([query]) => query) });
  scripts.close();
  assert.equal(result.error, undefined);
  for (const n of [1, 2, 3]) {
    for (const [query, want] of GOLDEN) assert.equal(result.hashes[`${n} ${query}`], want, `${query} on ${n} threads`);
  }
});

// A run big enough to show its speed while it trains.
const ALONE = 'v=1&target=staircase(4)&d=100&width=2048&batch=256&lr=0.01&steps=100000&eval_every=50';

test('a run on its own uses every core where the page is isolated, and says why not where it is not', async () => {
  const page = await openPage(env.browser, `${env.url}?${ALONE}`);
  const { isolated, cores } = await page.evaluate(() => ({ isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  assert.equal(isolated, SITE !== 'dist', 'the dev server isolates the page; python3 -m http.server cannot');
  await page.click('#play');
  await page.waitForFunction(() => / steps\/s on /.test(document.querySelector('.run-card .status').textContent), null, { timeout: 20000 });
  const status = await page.textContent('.run-card .status');
  await page.locator('.run-card').first().screenshot({ path: `${SCREENSHOTS}threads.png` });
  await page.click('#play');
  const want = !isolated ? '1 thread (the page is not cross-origin isolated)'
    : cores >= 2 ? `${Math.min(cores, 8)} threads` : '1 thread (this machine reports one core)';
  assert.ok(status.endsWith(` steps/s on ${want}`), status);
  assert.deepEqual(page.problems, []);
});

test('runs share the cores, and a run left alone takes them all', { skip: SITE === 'dist' && 'needs the isolated dev server' }, async (t) => {
  const page = await openPage(env.browser, `${env.url}?${ALONE.replace('target=staircase(4)', 'r1.target=staircase(4)&r2.target=parity(3)')}`);
  const cores = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 8);
  if (cores < 2) { t.skip('this machine reports one core'); return; }
  const speeds = () => page.$$eval('.run-card .status', (els) => els.map((e) => e.textContent.match(/ on (\d+) threads?/)?.[1]));
  await page.click('#play');
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => / steps\/s on /.test(e.textContent)), null, { timeout: 20000 });
  const share = String(Math.floor(cores / 2));
  assert.deepEqual(await speeds(), [share, share], 'two runs, half the cores each');
  await page.locator('.run-card .remove').nth(1).click();
  await page.waitForFunction((want) => new RegExp(` on ${want} threads$`).test(document.querySelector('.run-card .status').textContent), String(cores), { timeout: 20000 });
  await page.click('#play');
  assert.deepEqual(page.problems, []);
});

test('a run whose products are too small to share says so', { skip: SITE === 'dist' && 'needs the isolated dev server' }, async (t) => {
  const page = await openPage(env.browser, `${env.url}?v=1&target=staircase(3)&d=20&width=64&steps=1000000`);
  if (await page.evaluate(() => navigator.hardwareConcurrency) < 2) { t.skip('this machine reports one core'); return; }
  await page.click('#play');
  await page.waitForFunction(() => / steps\/s on /.test(document.querySelector('.run-card .status').textContent), null, { timeout: 20000 });
  const status = await page.textContent('.run-card .status');
  await page.click('#play');
  assert.ok(status.endsWith(' steps/s on 1 thread (its matrix products are too small to share)'), status);
  assert.deepEqual(page.problems, []);
});

test('an engine panic on a helper thread reaches the page, which sets the run up again', { skip: SITE === 'dist' && 'needs the test hooks (cargo feature test-hooks) and the isolated dev server' }, async (t) => {
  const page = await openPage(env.browser, `${env.url}?${ALONE}#test-hooks`);
  const cores = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 8);
  if (cores < 2) { t.skip('this machine reports one core'); return; }
  await page.evaluate(() => window.leaplabTest.panicOnHelper(0));
  await page.waitForFunction(() => /a panic forced by a test on a helper thread/.test(document.querySelector('.run-card .notice').textContent), null, { timeout: 20000 });
  assert.match(await page.textContent('.run-card .notice'), /The run was set up again from the start/);
  // the new worker trains, on every core again
  await page.click('#play');
  await page.waitForFunction((n) => new RegExp(` steps/s on ${n} threads$`).test(document.querySelector('.run-card .status').textContent), cores, { timeout: 20000 });
  await page.click('#play');
});
