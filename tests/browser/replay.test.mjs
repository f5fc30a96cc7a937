// Run after the end: in the playground and in the embed, pressing the play
// button once every run has finished starts the runs again from step 0
// ("Run again"), and they reproduce to the bit. Before, it crashed every
// run ("Cannot read properties of undefined").

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, SCREENSHOTS } from './browser.mjs';

const QUERY = '?v=1&d=30&steps=500&r1.target=staircase(3)&r2.target=parity(3)';
let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const finished = (page) => page.waitForFunction(
  () => document.querySelector('#play').getAttribute('aria-pressed') === 'false', null, { timeout: 60000 });

const cards = (page) => page.$$eval('.run-card .status', (els) => els.map((e) => ({
  text: e.textContent, hash: e.dataset.metricsHash, state: e.dataset.state,
})));

test('the playground runs again from the start after the end, to the same bits', async () => {
  const page = await openPage(env.browser, `${env.url}${QUERY}`);
  assert.equal(await page.textContent('#play'), 'Run');
  await page.click('#play');
  await finished(page);
  const first = await cards(page);
  assert.equal(first.length, 2);
  assert.ok(first.every((c) => c.hash && !/Stopped/.test(c.text)), JSON.stringify(first));
  assert.equal(await page.textContent('#play'), 'Run again');
  await page.screenshot({ path: `${SCREENSHOTS}run-finished.png` });

  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await finished(page);
  const second = await cards(page);
  assert.deepEqual(second, first);
  await page.screenshot({ path: `${SCREENSHOTS}run-again.png` });

  // Step on a finished run changes nothing and breaks nothing
  await page.click('#step');
  await page.waitForTimeout(300);
  assert.deepEqual(await cards(page), first);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the embed runs again after the end, and Reset goes back to step 0', async () => {
  const page = await openPage(env.browser, `${env.url}embed.html${QUERY}`, { width: 960, height: 540 });
  await page.click('#play');
  await finished(page);
  const first = await page.textContent('#status');
  assert.match(first, /^step 500/);
  assert.equal(await page.textContent('#play'), 'Run again');

  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await finished(page);
  assert.equal(await page.textContent('#status'), first);

  await page.click('#reset');
  await page.waitForFunction(() => /^step 0/.test(document.querySelector('#status').textContent));
  assert.equal(await page.textContent('#play'), 'Run');
  assert.deepEqual(page.problems, []);
  await page.close();
});

async function csv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  return readFileSync(await download.path(), 'utf8');
}

test('Continue trains every run on from its end, to the bits of a fresh run with the larger budget', async () => {
  // budgets off the eval_every grid, so the evaluation each run made at
  // its old end must be taken back; run B has a budget of its own
  const page = await openPage(env.browser, `${env.url}?v=1&d=30&steps=510&eval_every=50&r1.target=staircase(3)&r2.target=parity(3)&r2.steps=330`);
  assert.equal(await page.isVisible('#continue'), false);
  await page.click('#play');
  await finished(page);
  assert.equal(await page.textContent('#continue'), 'Continue +510 steps');
  await page.click('#continue');
  await page.waitForFunction(() => /again/.test(document.querySelector('#play').textContent)
    && document.querySelector('#play').getAttribute('aria-pressed') === 'false', null, { timeout: 60000 });
  const url = page.url();
  assert.match(url, /[?&]steps=1020(&|$)/);
  assert.match(url, /r2\.steps=840/);
  const continued = await cards(page);
  assert.match(continued[0].text, /step 1,020/);
  assert.match(continued[1].text, /step 840/);
  const continuedCsv = await csv(page);
  await page.screenshot({ path: `${SCREENSHOTS}run-continued.png` });

  const fresh = await openPage(env.browser, url);
  await fresh.click('#play');
  await finished(fresh);
  assert.deepEqual(await cards(fresh), continued);
  assert.equal(await csv(fresh), continuedCsv);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(fresh.problems, []);
  await page.close();
  await fresh.close();
});
