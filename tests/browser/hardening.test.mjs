// Hardening of the page: its Content-Security-Policy, diverging runs, and
// recovery from an engine panic, in headless Chromium.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITE, launch } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// A page that records CSP violations and page errors from its start.
async function watchedPage(path) {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${env.url}${path}`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

async function runToEnd(page) {
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false', null, { timeout: 60000 });
}

test('the page works under its strict Content-Security-Policy', async () => {
  for (const path of ['?v=1&d=30&width=64&steps=400&r1.target=staircase(3)&r2.target=parity(3)', 'embed.html?v=1&d=20&steps=200&r1.target=x1']) {
    const page = await watchedPage(path);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
    await runToEnd(page);
    // the policy is in force: an inline script does not run
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true';
      document.body.append(s);
    });
    assert.equal(await page.evaluate(() => window.inlineRan), undefined);
    const violations = await page.evaluate(() => window.violations);
    assert.deepEqual(violations.filter((v) => !v.startsWith('script-src-elem inline')), [], 'no violations but the one provoked');
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('the sweep page works under the same policy', async () => {
  const page = await watchedPage('sweep.html?v=1&target=parity(1)|parity(2)&d=8&width=16&steps=400&seeds=2');
  assert.match(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), /script-src 'self' 'wasm-unsafe-eval';/);
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.done === '4', null, { timeout: 60000 });
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a diverging run stops, says where and why, and the others go on', async () => {
  const page = await watchedPage('?v=1&d=20&steps=1000&eval_every=50&r1.target=staircase(3)&r1.lr=200&r2.target=staircase(3)');
  await runToEnd(page);
  const [bad, good] = await page.$$eval('.run-card .status', (els) => els.map((e) => e.textContent));
  const step = Number(bad.match(/^Diverged at step ([\d,]+)/)?.[1].replace(/,/g, ''));
  assert.ok(step > 0 && step < 1000, bad);
  assert.match(bad, /Try a smaller learning rate/);
  assert.match(good, /^Learned at step \d+ \(now at step 1,000\)/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The panic is forced through the engine's test hook, which only a build
// with the cargo feature test-hooks has (scripts/test.sh builds www/pkg so).
const NO_HOOKS = SITE === 'dist' && 'the published site is built without the test hooks (cargo feature test-hooks)';

test('an engine panic is reported on its run, the worker is replaced and the page stays usable', { skip: NO_HOOKS }, async () => {
  const page = await watchedPage('?v=1&d=20&steps=400&eval_every=50&r1.target=staircase(3)&r2.target=parity(2)#test-hooks');
  await page.evaluate(() => window.leaplabTest.panic(0));
  // a build without the hook says so on the run's card instead
  await page.waitForFunction(() => /a panic forced by a test|no test hooks/.test(document.querySelector('.run-card').textContent));
  assert.doesNotMatch(await page.textContent('.run-card .status'), /no test hooks/, 'build www/pkg with ./scripts/build-web.sh --test-hooks');
  assert.match(await page.textContent('.run-card .notice'), /a panic forced by a test/);
  assert.match(await page.textContent('.run-card .notice'), /The run was set up again from the start/);
  await runToEnd(page);
  const statuses = await page.$$eval('.run-card .status', (els) => els.map((e) => e.textContent));
  assert.match(statuses[0], /at step 400/);
  assert.match(statuses[1], /at step 400/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
