// Pick-up times on the page: the card lists where each monomial of the
// target was picked up, the same steps as the command line's summary
// (tests/golden/pickups.txt), and the coefficient plot marks them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, SCREENSHOTS } from './browser.mjs';

let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('a staircase card lists its pick-ups, the command line\'s, and the plot marks them', async () => {
  const page = await openPage(env.browser, `${env.url}?v=1&d=30&steps=1500&r1.target=staircase(4)`);
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false', null, { timeout: 60000 });
  const text = await page.textContent('.run-card .pickups');
  assert.equal(text, 'Picked up: x1 at 50, x1x2 at 100, x1x2x3 at 250, x1x2x3x4 at 350 (of 4 monomials).');
  // the coefficient plot drew a mark at each of those steps
  await page.waitForFunction(() => document.querySelector('#coeff-plot').dataset.pickups === '50,100,250,350');
  await page.screenshot({ path: `${SCREENSHOTS}pickups.png` });
  assert.deepEqual(page.problems, []);
  await page.close();
});
