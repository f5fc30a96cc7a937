// End-to-end tests of the playground page in headless Chromium.
// Run with: node --test tests/browser/   (after scripts/build-web.sh)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { countColour, launch, openPage, SCREENSHOTS } from './browser.mjs';

const LEAPLAB = fileURLToPath(new URL('../../target/release/leaplab', import.meta.url));
let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Records main-thread tasks longer than 50 ms from page start.
async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

const statuses = (page) => page.$$eval('.run-card .status', (els) => els.map((e) => e.textContent));

test('default experiment: the staircase is learned, the parity is not, and the page stays responsive', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await watchLongTasks(page);
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.url);
  await page.waitForSelector('body[data-ready="true"]');
  const targets = await page.$$eval('.run-card input[id^="target-"]', (els) => els.map((e) => e.value));
  assert.deepEqual(targets, ['staircase(4)', 'parity(4)']);
  // each card's analysis comes from its run's worker
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .analysis')].every((e) => e.textContent !== ''));
  const analysis = await page.$$eval('.run-card .analysis', (els) => els.map((e) => e.textContent));
  assert.match(analysis[0], /Merged-staircase propertyyes/);
  assert.match(analysis[0], /Leap complexity1 — order/);
  assert.match(analysis[1], /Merged-staircase propertyno/);
  assert.match(analysis[1], /Leap complexity4 — order/);
  assert.match(analysis[1], /about d\^3 samples/);
  assert.match(analysis[1], /×8 each time d doubles/);

  assert.ok(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask')));
  await page.waitForTimeout(300);
  const runStart = await page.evaluate(() => performance.now());
  await page.click('#play');
  // the Run button turns back from Pause when every run has finished
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false', null, { timeout: 120000 });
  const [stair, parity] = await statuses(page);
  const learnedAt = Number(stair.match(/Learned at step ([\d,]+)/)[1].replace(/,/g, ''));
  assert.ok(learnedAt <= 3000, `staircase learned at ${learnedAt}`);
  assert.match(parity, /^Not learned at step 5,000/);
  const longest = await page.evaluate((t) => Math.max(0, ...window.longTasks.filter((l) => l.start >= t).map((l) => l.duration)), runStart);
  assert.ok(longest <= 100, `a main-thread task took ${longest} ms during training`);

  // both curves are drawn: the staircase's blue and the parity's vermillion
  assert.ok(await countColour(page, '#loss-plot', '#0072B2') > 200);
  assert.ok(await countColour(page, '#loss-plot', '#D55E00') > 200);
  // the coefficient plot shows the staircase's four monomials
  const legend = await page.$$eval('#coeff-plot .u-legend .u-label', (els) => els.map((e) => e.textContent));
  assert.deepEqual(legend.slice(1), ['x1', 'x1x2', 'x1x2x3', 'x1x2x3x4']);
  await page.screenshot({ path: `${SCREENSHOTS}page-1920.png`, fullPage: true });

  // the page's numbers are the command line's numbers, to the bit
  const { query, metricsHash } = await page.$eval('.run-card .status', (e) => ({ ...e.dataset }));
  const native = JSON.parse(execFileSync(LEAPLAB, ['run', query, '--summary-only']).toString());
  assert.equal(metricsHash, native.metrics_hash);
  assert.equal(learnedAt, native.learned_at);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a typo in a target is shown inline and fixing it brings the analysis back', async () => {
  const page = await openPage(env.browser, env.url);
  const box = page.locator('.run-card input[id^="target-"]').first();
  await box.fill('x1 + * x2');
  await page.waitForFunction(() => /at character 6/.test(document.querySelector('.run-card .error[id^="target-error"]').textContent));
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.run-card .analysis').first().textContent(), '');
  await box.fill('x101');
  await page.waitForFunction(() => /x101 is beyond d = 100/.test(document.querySelector('.run-card .error[id^="target-error"]').textContent));
  await box.fill('x1 + x1x2');
  await page.waitForFunction(() => document.querySelector('.run-card .error[id^="target-error"]').textContent === '');
  await page.waitForFunction(() => document.querySelector('.run-card .analysis').textContent !== '');
  assert.match(await page.locator('.run-card .analysis').first().textContent(), /Merged-staircase propertyyes — order x1, x1x2\./);
  await page.waitForFunction(() => /^Not learned yet at step 0/.test(document.querySelector('.run-card .status').textContent));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('out-of-range settings name the field and the allowed range', async () => {
  const page = await openPage(env.browser, env.url);
  for (const [value, expected] of [['0', /d must be a whole number from 1 to 4096/], ['100000', /d must be a whole number from 1 to 4096/]]) {
    await page.fill('#field-d', value);
    await page.dispatchEvent('#field-d', 'change');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#error-d').textContent), expected.source);
    assert.equal(await page.getAttribute('#field-d', 'aria-invalid'), 'true');
  }
  await page.fill('#field-lr', '-1');
  await page.dispatchEvent('#field-lr', 'change');
  await page.fill('#field-d', '30');
  await page.dispatchEvent('#field-d', 'change');
  await page.waitForFunction(() => /lr must be a number > 0/.test(document.querySelector('#error-lr').textContent));
  await page.fill('#field-lr', '0.1');
  await page.dispatchEvent('#field-lr', 'change');
  await page.waitForFunction(() => document.querySelector('#error-lr').textContent === '');
  // a run's own settings are checked too
  const changes = page.locator('.run-card input[id^="changes-"]').first();
  await changes.fill('depth=99');
  await page.waitForFunction(() => /depth: .*from 2 to 8/.test(document.querySelector('.run-card .error[id^="changes-error"]').textContent));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('runs can be added up to eight and removed down to one; step and reset work', async () => {
  const page = await openPage(env.browser, env.url);
  for (let i = 0; i < 6; i++) await page.click('#add-run');
  assert.equal(await page.locator('.run-card').count(), 8);
  assert.equal(await page.isDisabled('#add-run'), true);
  await page.locator('.run-card .remove').nth(7).click();
  await page.locator('.run-card .remove').nth(6).click();
  await page.locator('.run-card .remove').nth(5).click();
  await page.locator('.run-card .remove').nth(4).click();
  assert.equal(await page.locator('.run-card').count(), 4);
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => /step 0$/.test(e.textContent)));
  await page.click('#step');
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => /step 50$/.test(e.textContent)));
  const afterStep = await page.$eval('.run-card .status', (e) => e.dataset.metricsHash);
  await page.click('#reset');
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => /step 0$/.test(e.textContent)));
  await page.click('#step');
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => /step 50$/.test(e.textContent)));
  assert.equal(await page.$eval('.run-card .status', (e) => e.dataset.metricsHash), afterStep, 'reset reproduces the run');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('every control has a label and is reachable by keyboard', async () => {
  const page = await openPage(env.browser, env.url);
  const unlabelled = await page.$$eval('input, select, button', (els) => els
    .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
    .map((e) => e.id || e.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  const focusable = await page.$$eval('input, select, button', (els) => els.filter((e) => !e.disabled).length);
  const reached = new Set();
  for (let i = 0; i < focusable + 5; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  for (const id of ['play', 'step', 'reset', 'add-run', 'preset', 'field-d', 'field-lr', 'field-seed', 'coeff-run']) {
    assert.ok(reached.has(id), `${id} is not reachable with Tab`);
  }
  await page.close();
});

test('phone width: nothing overflows sideways', async () => {
  const page = await openPage(env.browser, env.url, { width: 375, height: 800 });
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
  await page.screenshot({ path: `${SCREENSHOTS}page-375.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.close();
});
