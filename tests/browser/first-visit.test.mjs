// The rough edges of a first visit (issue 16, sections 1, 3 and 4): focus
// never hides behind the toolbar; an edited experiment survives the
// preset menu; the menu, cards, legends, letters and counter say what is
// true of the runs on screen; the plots' marks and exports.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, SCREENSHOTS } from './browser.mjs';

let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const finished = (page) => page.waitForFunction(
  () => document.querySelector('#play').getAttribute('aria-pressed') === 'false'
    && /again/.test(document.querySelector('#play').textContent), null, { timeout: 60000 });

const targets = (page) => page.$$eval('.run-card input[id^="target-"]', (els) => els.map((e) => e.value));
const names = (page) => page.$$eval('.run-card .run-name', (els) => els.map((e) => e.textContent));
const swatches = (page) => page.$$eval('.run-card .swatch', (els) => els.map((e) => e.style.background));

async function downloaded(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await download.path());
}

// Going back with Shift+Tab scrolled each control just into view, at the
// window's top edge, under the toolbar.
test('a control reached with Tab or Shift+Tab is never under the sticky toolbar', async () => {
  for (const [width, height, key] of [[1280, 600, 'Shift+Tab'], [375, 667, 'Shift+Tab'], [1280, 600, 'Tab']]) {
    const page = await openPage(env.browser, env.url, { width, height });
    const count = await page.$$eval('input, select, button, textarea, a[href]', (els) => els.length);
    const covered = [];
    for (let i = 0; i < count + 3; i++) {
      await page.keyboard.press(key);
      const hit = await page.evaluate(() => {
        const focused = document.activeElement;
        const bar = document.querySelector('.toolbar');
        if (!focused || focused === document.body || bar.contains(focused)) return null;
        const box = focused.getBoundingClientRect();
        const under = bar.getBoundingClientRect();
        // any part of the control under the bar's box counts as covered
        const overlaps = box.top < under.bottom && box.bottom > under.top && box.left < under.right && box.right > under.left;
        return overlaps ? `${focused.id || focused.tagName}: top ${box.top} < ${under.bottom}` : null;
      });
      if (hit) covered.push(hit);
    }
    assert.deepEqual(covered, [], `${key} at ${width}×${height}`);
    await page.close();
  }
});

test('the preset menu never loses an edited experiment: Back and Undo bring it back', async () => {
  const page = await openPage(env.browser, `${env.url}?v=1&d=30&steps=500&r1.target=staircase(3)&r2.target=parity(3)`);
  const box = page.locator('.run-card input[id^="target-"]').first();
  await box.fill('x1 + x1x2');
  await page.waitForFunction(() => location.search.includes('r1.target=x1%20%2B%20x1x2'));
  const edited = page.url();

  // arrow keys on the closed menu load the next preset at once ...
  await page.focus('#preset');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('#preset').value !== '');
  assert.notDeepEqual(await targets(page), ['x1 + x1x2', 'parity(3)']);
  assert.equal(await page.isVisible('#undo'), true);
  assert.match(await page.textContent('#undo'), /Loaded “.+”\.\s*Undo/);
  await page.screenshot({ path: `${SCREENSHOTS}first-visit-undo-preset.png` });
  // ... but as a new history entry: Back returns to the edited experiment
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.run-card').length === 2
    && document.querySelector('.run-card input').value === 'x1 + x1x2');
  assert.equal(page.url(), edited);
  assert.equal(await page.inputValue('#preset'), '');

  // Undo does the same
  await page.selectOption('#preset', 'biased-parity');
  await page.waitForFunction(() => location.search.includes('r2.p=0.8'));
  await page.click('#undo button');
  await page.waitForFunction(() => document.querySelector('.run-card input').value === 'x1 + x1x2');
  assert.deepEqual(await targets(page), ['x1 + x1x2', 'parity(3)']);
  assert.equal(await page.isVisible('#undo'), false);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('an edited experiment is "(your own)"; an invalid target keeps no old status', async () => {
  const page = await openPage(env.browser, env.url);
  assert.equal(await page.inputValue('#preset'), 'parity-vs-staircase');
  assert.notEqual(await page.textContent('#preset-description'), '');
  await page.fill('#field-d', '50');
  await page.dispatchEvent('#field-d', 'change');
  await page.waitForFunction(() => document.querySelector('#preset').value === '');
  assert.equal(await page.$eval('#preset', (s) => s.selectedOptions[0].textContent), '(your own)');
  assert.equal(await page.textContent('#preset-description'), '');
  // back to the preset's value: it is the preset again
  await page.fill('#field-d', '100');
  await page.dispatchEvent('#field-d', 'change');
  await page.waitForFunction(() => document.querySelector('#preset').value === 'parity-vs-staircase');

  await page.click('#step');
  await page.waitForFunction(() => /step 50$/.test(document.querySelectorAll('.run-card .status')[1].textContent));
  const parity = page.locator('.run-card input[id^="target-"]').nth(1);
  await parity.fill('partiy(4)');
  await page.waitForFunction(() => document.querySelectorAll('.run-card .error[id^="target-error"]')[1].textContent !== '');
  await page.waitForFunction(() => document.querySelectorAll('.run-card .status')[1].dataset.state === 'invalid');
  const status = await page.locator('.run-card .status').nth(1).textContent();
  assert.match(status, /^Not set up: fix the target/);
  assert.doesNotMatch(status, /step/);
  assert.equal(await page.inputValue('#preset'), '');
  // its old curve is gone from the loss plot's legend
  const legend = await page.$$eval('#loss-plot .u-legend .u-label', (els) => els.map((e) => e.textContent));
  assert.deepEqual(legend.slice(1), ['A: staircase(4)']);
  await page.screenshot({ path: `${SCREENSHOTS}first-visit-invalid-target.png` });
  await parity.fill('parity(4)');
  await page.waitForFunction(() => /^Not learned yet at step 0/.test(document.querySelectorAll('.run-card .status')[1].textContent));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('added runs get seeds of their own and every label shows a run\'s own settings', async () => {
  const page = await openPage(env.browser, `${env.url}?${'v=1&target=parity(4)&d=100&steps=5000&eval_every=50&r1.target=parity(4)&r2.target=parity(4)&r2.p=0.8'}`);
  assert.deepEqual(await names(page), ['A: parity(4)', 'B: parity(4) · p=0.8']);
  await page.click('#add-run');
  await page.click('#add-run');
  await page.waitForFunction(() => document.querySelectorAll('.run-card').length === 4);
  assert.deepEqual(await names(page), ['A: parity(4)', 'B: parity(4) · p=0.8', 'C: parity(4) · p=0.8 · seed=1', 'D: parity(4) · p=0.8 · seed=2']);
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => e.dataset.query));
  const queries = await page.$$eval('.run-card .status', (els) => els.map((e) => e.dataset.query));
  assert.equal(new Set(queries).size, 4, 'four different runs');
  await page.click('#step');
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => /step 50$/.test(e.textContent)));
  const hashes = await page.$$eval('.run-card .status', (els) => els.map((e) => e.dataset.metricsHash));
  assert.notEqual(hashes[2], hashes[1], 'a new seed draws a new curve');
  const legend = await page.$$eval('#loss-plot .u-legend .u-label', (els) => els.map((e) => e.textContent));
  assert.deepEqual(legend.slice(1), await names(page));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a run keeps its letter and colour when another is removed, and Undo brings a removed run back', async () => {
  const page = await openPage(env.browser, `${env.url}?v=1&d=30&steps=500&r1.target=staircase(3)&r2.target=parity(3)&r3.target=parity(2)`);
  const before = await swatches(page);
  await page.locator('.run-card .remove').first().click();
  assert.deepEqual(await names(page), ['B: parity(3)', 'C: parity(2)']);
  assert.deepEqual(await swatches(page), before.slice(1));
  assert.match(await page.textContent('#undo'), /Removed run A\./);
  await page.screenshot({ path: `${SCREENSHOTS}first-visit-removed.png` });
  await page.click('#undo button');
  assert.deepEqual(await names(page), ['A: staircase(3)', 'B: parity(3)', 'C: parity(2)']);
  assert.deepEqual(await swatches(page), before);
  await page.waitForFunction(() => location.search.includes('r3.target=parity(2)') && location.search.includes('r1.target=staircase(3)'));
  // a new run takes the next letter, never a letter still in use
  await page.locator('.run-card .remove').nth(1).click();
  await page.click('#add-run');
  assert.deepEqual((await names(page)).map((n) => n[0]), ['A', 'C', 'D']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the counter shows every run\'s step; learned runs are marked; the coefficient plot picks the run with a story', async () => {
  const page = await openPage(env.browser, `${env.url}?v=1&d=30&steps=1000&r1.target=parity(3)&r1.stop_learned=1&r2.target=parity(3)&r2.p=0.8&r2.stop_learned=1&r3.target=parity(4)`);
  // no run has several monomials: the plot shows the first learned, once one is
  await page.click('#play');
  await finished(page);
  const statuses = await page.$$eval('.run-card .status', (els) => els.map((e) => e.textContent));
  const learnedAt = statuses.map((s) => Number(s.match(/Learned at step ([\d,]+)/)?.[1].replace(/,/g, '') ?? NaN));
  assert.ok(Number.isFinite(learnedAt[1]), statuses.join(' | '));
  const low = Math.min(...learnedAt.filter(Number.isFinite));
  assert.equal(await page.textContent('#stats'), `steps ${low.toLocaleString('en')}–1,000`);
  const first = learnedAt.findIndex(Number.isFinite);
  const letter = 'ABC'[first];
  assert.equal(await page.inputValue('#coeff-run'), String(first));
  assert.match(await page.textContent('#coeff-plot .u-title'), new RegExp(`^Coefficients of run ${letter}: parity\\(3\\)`));

  const svg = (await downloaded(page, '#export-loss-svg')).toString();
  assert.match(svg, new RegExp(`<circle [^>]*/>\\s*<text [^>]*>${letter} learned</text>`));
  assert.doesNotMatch(svg, /<polyline [^>]*stroke-dasharray/, 'runs are told apart by colour, not dashes');
  const coeffs = (await downloaded(page, '#export-coeffs-svg')).toString();
  assert.match(coeffs, /<line [^>]*stroke="#777777" stroke-dasharray="2 3"\/>\s*<text [^>]*>target 1<\/text>/);
  await page.locator('#figure-loss').screenshot({ path: `${SCREENSHOTS}first-visit-learned-marks.png` });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('log steps is a link option; PNG exports are wide enough for slides', async () => {
  const page = await openPage(env.browser, `${env.url}?v=1&d=30&steps=2000&r1.target=staircase(3)&r2.target=parity(3)`);
  await page.check('#log-steps');
  await page.waitForFunction(() => location.search.endsWith('&logsteps=1'));
  await page.click('#play');
  await finished(page);
  const svg = (await downloaded(page, '#export-loss-svg')).toString();
  assert.match(svg, />training step \(log scale\)</);
  assert.match(svg, />1000</, 'ticks at the decades');
  await page.locator('.plots').screenshot({ path: `${SCREENSHOTS}first-visit-log-steps.png` });
  for (const plot of ['loss', 'coeffs']) {
    const png = await downloaded(page, `#export-${plot}-png`);
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');
    const width = png.readUInt32BE(16);
    assert.ok(width >= 1600, `${plot} PNG is ${width} px wide`);
  }
  const reloaded = await openPage(env.browser, page.url());
  assert.equal(await reloaded.isChecked('#log-steps'), true);
  assert.deepEqual([...page.problems, ...reloaded.problems], []);
  await reloaded.close();
  await page.close();
});

test('settings have readable labels with the link name beside them; checkboxes are plain checkboxes', async () => {
  const page = await openPage(env.browser, env.url);
  const label = (name) => page.$eval(`label[for="field-${name}"]`, (e) => e.textContent);
  assert.equal(await label('lr'), 'learning rate (lr)');
  assert.equal(await label('wd'), 'weight decay (wd)');
  assert.equal(await label('n'), 'training-set size (n)');
  assert.equal(await label('stop_learned'), 'stop once learned (stop_learned)');
  const flags = await page.$$eval('.field-flag', (rows) => rows.map((r) => ({
    first: r.firstElementChild.type, help: r.querySelector('.help').textContent,
  })));
  assert.ok(flags.length >= 3);
  for (const flag of flags) {
    assert.equal(flag.first, 'checkbox');
    assert.doesNotMatch(flag.help, /0 or 1/);
  }
  await page.locator('.settings-panel').screenshot({ path: `${SCREENSHOTS}first-visit-settings.png` });
  await page.close();
});
