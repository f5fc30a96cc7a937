// Links whose runs would build more than the engine's budget allows
// (issue 14, item 3): the card says why within a second, and the tab stays
// usable. Before, `majority(15)` grew the tab to about 2.9 GB and the card
// said "Stopped: unreachable" after about 20 s.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const he2 = Array.from({ length: 30 }, (_, i) => `he2(x${i + 1})`).join('*');

const LINKS = [
  ['?v=1&r1.target=majority(15)&d=15', /test_n: setting the run up would take about 5\.7e8 operations, over the limit of 1\.3e8.*"majority\(15\)"/],
  ['?v=1&r1.target=staircase(1000)&d=1000', /"staircase\(1000\)" has 1000 monomials.*over the limit|over the limit.*"staircase\(1000\)"/],
  [`?v=1&d=60&domain=sphere&r1.target=${encodeURIComponent(he2)}`, /would build about 1\.0e12 polynomial terms, over the limit of 4194304/],
];

// The card's messages: its target's, its own settings', its status and
// what the link asked of it but could not be used.
function cardText(page) {
  return page.$eval('.run-card', (card) => [...card.querySelectorAll('.error, .status, .link-notice')].map((e) => e.textContent).join(' | '));
}

for (const [link, want] of LINKS) {
  test(`${link.slice(0, 60)} shows why on its card within a second and the tab stays usable`, async () => {
    const page = await openPage(env.browser, `${env.url}${link}`);
    page.on('pageerror', (e) => page.problems.push(e.stack));
    await page.waitForFunction(
      (source) => [...document.querySelectorAll('.run-card .error, .run-card .status, .run-card .link-notice')]
        .some((e) => new RegExp(source).test(e.textContent)),
      want.source,
      { timeout: 1000 },
    );
    assert.match(await cardText(page), want);
    assert.doesNotMatch(await cardText(page), /unreachable/);
    // usable: the main thread answers, and an edit to the card reaches the
    // engine and trains
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    await page.fill('.run-card input[id^="target-"]', 'x1');
    await page.fill('.run-card input[id^="changes-"]', 'd=4&steps=200&width=16&test_n=64');
    await page.waitForFunction(() => document.querySelector('.run-card .error').textContent === ''
      && !document.querySelector('.run-card').textContent.includes('over the limit')
      && /(^|&)d=4(&|$)/.test(document.querySelector('.run-card .status').dataset.query ?? ''));
    await page.click('#play');
    await page.waitForFunction(() => /at step 200/.test(document.querySelector('.run-card .status').textContent), null, { timeout: 30000 });
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('a run whose analysis is over its limit still trains, and its card says why there is no analysis', async () => {
  const target = 'he16(x1)*he16(x2)*he16(x3)';
  const page = await openPage(env.browser, `${env.url}?v=1&d=10&domain=sphere&steps=100&width=16&test_n=64&r1.target=${encodeURIComponent(target)}`);
  await page.waitForFunction(() => /not worked out: .*would compare about 9\.0e7 pairs of terms.*over the limit of 4194304/
    .test(document.querySelector('.run-card .analysis').textContent), null, { timeout: 5000 });
  await page.click('#play');
  // (its values are huge, so it may well diverge: it runs to an end either way)
  await page.waitForFunction(() => ['learned', 'not-learned', 'diverged']
    .includes(document.querySelector('.run-card .status').dataset.state), null, { timeout: 30000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});
