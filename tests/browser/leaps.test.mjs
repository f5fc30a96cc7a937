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

test('the sweep page plots each monomial\'s pick-up times, their slopes in the order of their leaps', async () => {
  const spec = 'v=1&target=(x1%2Bx1x2x3%2Bx1x2x3x4x5x6)/sqrt(3)&d=16|32|64&steps=40000&eval_every=25&seeds=2';
  const page = await openPage(env.browser, `${env.url}sweep.html?${spec}`, { width: 1400, height: 1000 });
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.done === '6', null, { timeout: 120000 });
  const options = await page.$$eval('#plot-what option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(options, ['Steps to learn, every series', 'Pick-ups of each monomial: (x1+x1x2x3+x1x2x3x4x5x6)/sqrt(3)']);
  await page.selectOption('#plot-what', '0');
  await page.waitForFunction(() => document.querySelector('#fits tbody th')?.textContent.trim() === 'x1');
  const rows = await page.$$eval('#fits tbody tr', (trs) => trs.map((tr) => ({
    monomial: tr.querySelector('th').textContent.trim(),
    slope: parseFloat(tr.querySelector('.fitted').textContent),
    predicted: tr.querySelector('.predicted').textContent,
  })));
  assert.deepEqual(rows.map((r) => r.monomial), ['x1', 'x1x2x3', 'x1x2x3x4x5x6']);
  assert.deepEqual(rows.map((r) => r.predicted), ['1', '1', '2']);
  assert.ok(rows[0].slope < rows[1].slope && rows[1].slope < rows[2].slope, JSON.stringify(rows));
  assert.equal(await page.textContent('#steps-plot .u-title'), 'Median pick-up step');
  await page.screenshot({ path: `${SCREENSHOTS}sweep-pickups.png` });
  assert.deepEqual(page.problems, []);
  await page.close();
});
