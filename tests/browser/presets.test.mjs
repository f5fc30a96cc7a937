// Every preset, run to its end in the page, as a student would: no run
// stops with an error, every card ends with a final status, and a
// screenshot of each lands in target/screenshots/preset-<id>.png. What the
// presets' texts claim about their runs is checked natively, claim by
// claim, in tests/presets.rs (the numbers are the same to the bit).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, SCREENSHOTS } from './browser.mjs';

let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('every preset runs to its end and is captured', { timeout: 600000 }, async () => {
  const page = await openPage(env.browser, env.url, { width: 1600, height: 1000 });
  const ids = await page.$$eval('#preset option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(ids.length >= 9, ids.join(', '));
  for (const id of ids) {
    await page.selectOption('#preset', id);
    await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((s) => s.dataset.metricsHash), null, { timeout: 30000 });
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play').textContent === 'Run again', null, { timeout: 240000 });
    const states = await page.$$eval('.run-card .status', (els) => els.map((e) => `${e.dataset.state}: ${e.textContent}`));
    assert.ok(states.every((s) => /^(learned|not-learned|diverged):/.test(s)), `${id}: ${states.join(' | ')}`);
    await page.screenshot({ path: `${SCREENSHOTS}preset-${id}.png` });
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});
