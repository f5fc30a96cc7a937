// Links, exports and presets of the playground, in headless Chromium (the embed: embed.test.mjs).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage } from './browser.mjs';

const LEAPLAB = fileURLToPath(new URL('../../target/release/leaplab', import.meta.url));
const SMALL = 'v=1&d=30&width=64&steps=600&eval_every=100&r1.target=staircase(3)&r2.target=parity(3)&r2.lr=0.05';
let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

function leaplab(...args) {
  return execFileSync(LEAPLAB, args).toString();
}

async function runToEnd(page) {
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false', null, { timeout: 60000 });
}

const hashes = (page) => page.$$eval('.run-card .status', (els) => els.map((e) => e.dataset.metricsHash));

test('a link round-trips: same settings, and the same numbers as the command line', async () => {
  const first = await openPage(env.browser, `${env.url}?${SMALL}`);
  await runToEnd(first);
  const link = first.url();
  await first.uncheck('#link-results');
  assert.equal(await first.inputValue('#link'), link, 'the link box holds the page URL');
  const firstHashes = await hashes(first);

  const second = await openPage(env.browser, link);
  assert.equal(second.url(), link);
  assert.equal(await second.inputValue('#field-d'), '30');
  assert.equal(await second.inputValue('#field-width'), '64');
  const targets = await second.$$eval('.run-card input[id^="target-"]', (els) => els.map((e) => e.value));
  assert.deepEqual(targets, ['staircase(3)', 'parity(3)']);
  assert.equal(await second.inputValue('.run-card input[id^="changes-"] >> nth=1'), 'lr=0.05');
  await runToEnd(second);
  assert.deepEqual(await hashes(second), firstHashes);
  for (const [n, hash] of firstHashes.entries()) {
    const summary = JSON.parse(leaplab('run', link, '--run', String(n + 1), '--summary-only'));
    assert.equal(summary.metrics_hash, hash, `run ${n + 1}`);
  }
  assert.deepEqual([...first.problems, ...second.problems], []);
  await first.close();
  await second.close();
});

const checks = (page) => page.$$eval('.run-card .check', (els) => els.map((e) => (e.hidden ? null : { state: e.dataset.state, text: e.textContent })));

test('a link with its runs\' results checks that it reproduced, in the page and on the command line', async () => {
  const first = await openPage(env.browser, `${env.url}?${SMALL}`);
  assert.equal(await first.isDisabled('#link-results'), true, 'no results before the runs have finished');
  assert.equal(await first.inputValue('#link'), first.url());
  await runToEnd(first);
  const firstHashes = await hashes(first);
  await first.waitForFunction(() => document.querySelector('#link').value.includes('expect='));
  assert.equal(await first.isEnabled('#link-results'), true);
  const link = await first.inputValue('#link');
  const version = await first.textContent('#engine-version');
  const params = new URL(link).searchParams;
  assert.deepEqual([params.get('r1.expect'), params.get('r2.expect'), `leaplab ${params.get('made')}`], [...firstHashes, version]);
  for (const key of ['r1.expect', 'r2.expect', 'made']) params.delete(key);
  assert.deepEqual([...params], [...new URL(first.url()).searchParams], 'the same experiment');
  assert.deepEqual(await checks(first), [null, null], 'a link without expectations says nothing');

  // the link opened and run: each card says it reproduced, with both versions
  const second = await openPage(env.browser, link);
  await second.waitForFunction(() => !document.querySelector('.run-card .check').hidden, null, { timeout: 5000 });
  assert.match((await checks(second))[0].text, /^The link says this run gives metrics hash [0-9a-f]{16}: run it to the end/);
  await runToEnd(second);
  const verdicts = await checks(second);
  for (const [n, v] of verdicts.entries()) {
    assert.equal(v.state, 'reproduced', v.text);
    assert.equal(v.text, `Reproduced to the bit: metrics hash ${firstHashes[n]}, as the link says (the link was made by ${version}; this is ${version}).`);
  }
  await second.screenshot({ path: 'target/screenshots/link-reproduced.png' });
  // the command line checks the same link, run by run
  for (const n of [1, 2]) {
    const out = execFileSync(LEAPLAB, ['run', link, '--run', String(n), '--summary-only'], { stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(JSON.parse(out.toString()).metrics_hash, firstHashes[n - 1]);
  }

  // a link whose hash is not what the run gives: the card says so, and
  // the command line exits 1
  const forged = link.replace(`r2.expect=${firstHashes[1]}`, 'r2.expect=0123456789abcdef');
  const third = await openPage(env.browser, forged);
  await runToEnd(third);
  const [ok, differs] = await checks(third);
  assert.equal(ok.state, 'reproduced');
  assert.equal(differs.state, 'differs');
  assert.match(differs.text, new RegExp(`^Differs from the link: it says metrics hash 0123456789abcdef, this run gave ${firstHashes[1]}`));
  await third.screenshot({ path: 'target/screenshots/link-differs.png' });
  assert.throws(() => execFileSync(LEAPLAB, ['run', forged, '--run', '2', '--summary-only'], { stdio: 'pipe' }), (e) => e.status === 1);

  // an edited run is no longer the link's: its card drops the verdict
  await third.locator('.run-card input[id^="changes-"] >> nth=1').fill('lr=0.04');
  await third.waitForFunction(() => document.querySelectorAll('.run-card .check')[1].hidden);
  assert.equal((await checks(third))[0].state, 'reproduced');
  assert.deepEqual([...first.problems, ...second.problems, ...third.problems], []);
  for (const page of [first, second, third]) await page.close();
});

test('every change updates the URL without adding history entries', async () => {
  const page = await openPage(env.browser, `${env.url}?${SMALL}`);
  const history = await page.evaluate(() => history.length);
  await page.fill('#field-lr', '0.07');
  await page.dispatchEvent('#field-lr', 'change');
  await page.waitForFunction(() => location.search.includes('&lr=0.07'));
  await page.locator('.run-card input[id^="target-"]').first().fill('x1 + x1x2');
  await page.waitForFunction(() => location.search.includes('r1.target=x1%20%2B%20x1x2'));
  await page.click('#show-coeffs');
  await page.waitForFunction(() => location.search.includes('show=loss'));
  assert.equal(await page.isHidden('#figure-coeffs'), true);
  await page.click('#add-run');
  await page.waitForFunction(() => location.search.includes('r3.target='));
  assert.equal(await page.evaluate(() => history.length), history);
  await page.close();
});

test('frozen v1 links still load to the same experiment', async () => {
  const frozen = 'v=1&target=parity(4)&d=100&r1.target=parity(4)&r2.target=parity(4)&r2.p=0.8&show=loss&log=0';
  const page = await openPage(env.browser, `${env.url}?${frozen}`);
  assert.equal(await page.inputValue('#field-d'), '100');
  assert.equal(await page.inputValue('.run-card input[id^="changes-"] >> nth=1'), 'p=0.8');
  assert.equal(await page.isChecked('#log-scale'), false);
  assert.equal(await page.isHidden('#figure-coeffs'), true);
  assert.equal(await page.isHidden('#link-warnings'), true);
  assert.equal(new URL(page.url()).search, `?${frozen}`);
  await page.close();
});

test('a hand-edited link: a typed + is a plus; factors apart by a space, repeats and a constant are named', async () => {
  const page = await openPage(env.browser,
    `${env.url}?v=1&d=20&steps=100&r1.target=x1 + x1x2x3&r2.target=x1 x1x2x3&r3.target=x2+x3&r3.target=x4&r4.target=0*x1`);
  const targets = await page.$$eval('.run-card input[id^="target-"]', (els) => els.map((e) => e.value));
  assert.equal(targets[0], 'x1 + x1x2x3');
  assert.equal(targets[2], 'x2+x3');
  const warnings = await page.$$eval('#link-warnings li', (els) => els.map((e) => e.textContent));
  assert.ok(warnings.some((w) => w.startsWith("r2.target: at character 4: 'x1' follows 'x1' with only a space")), warnings.join(' | '));
  assert.ok(warnings.some((w) => w.startsWith('r3.target: appears twice ("x2+x3" and "x4")')), warnings.join(' | '));
  await page.waitForFunction(() => location.search.includes('r1.target=x1%20%2B%20x1x2x3'));
  // a constant target has nothing to learn: its card says so
  const card = page.locator('.run-card').nth(3);
  await card.locator('.status').filter({ hasText: /^Stopped: target: "0\*x1" is the constant 0: there is nothing to learn/ }).waitFor({ timeout: 20000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('hostile links load defaults for the bad fields, say so, and render text as text', async () => {
  const payloads = [
    '%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E',
    'javascript:window.__xss=1',
    '%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E',
    'x'.repeat(5000),
    '%C3%28%E2%82',
  ];
  for (const payload of payloads) {
    const page = await openPage(env.browser, `${env.url}?v=1&d=${payload}&r1.target=${payload}&r2.target=x1&colour=${payload}`);
    const warnings = await page.$$eval('#link-warnings li', (els) => els.map((e) => e.textContent));
    assert.ok(warnings.length >= 2, `${payload.slice(0, 30)}: ${warnings}`);
    assert.ok(warnings.some((w) => w.startsWith('d: ')) || warnings.some((w) => w.startsWith('query')), warnings.join(' | '));
    assert.equal(await page.$$eval('#link-warnings img, #link-warnings script', (els) => els.length), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.inputValue('#field-d'), '50');
    const targets = await page.$$eval('.run-card input[id^="target-"]', (els) => els.map((e) => e.value));
    assert.ok(targets.every((t) => t === 'staircase(4)' || t === 'x1'), targets.join(' | ').slice(0, 100));
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

async function downloaded(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('exports: curves as CSV and JSON, plots as PNG and SVG, weights the command line can load; each names the engine', async () => {
  const page = await openPage(env.browser, `${env.url}?${SMALL}`);
  // the engine's version, as the command line built from the same commit says it
  const version = leaplab('--version').trim().replace(/^leaplab /, '');
  assert.match(version, /^\d+\.\d+\.\d+\+([0-9a-f]{4,}|unknown)$/);
  assert.equal(await page.textContent('#engine-version'), `leaplab ${version}`, 'the footer');
  await runToEnd(page);
  const csv = (await downloaded(page, '#export-csv')).bytes.toString().trim().split('\n');
  const header = csv[0].split(',');
  assert.deepEqual(header.slice(0, 9), ['run', 'query', 'step', 'train_loss', 'test_loss', 'test_mse', 'accuracy', 'correlation', 'w1_drift']);
  assert.deepEqual(header.slice(9), ['coeff_x1', 'coeff_x1x2', 'coeff_x1x2x3']);
  assert.equal(csv.length, 1 + 2 * 7 + 1, 'a row per run and evaluation (steps 0 … 600 by 100), then the version');
  assert.equal(csv.at(-1), `# leaplab=${version}`);

  const json = JSON.parse((await downloaded(page, '#export-json')).bytes.toString());
  assert.equal(json.link, page.url());
  assert.equal(json.leaplab, version);
  assert.equal(json.runs.length, 2);
  assert.deepEqual(json.runs[0].points.step, [0, 100, 200, 300, 400, 500, 600]);
  assert.equal(json.runs[0].points.coeffs.length, 3);
  assert.equal(json.runs[1].summary.steps, 600);

  // the CSV's numbers are the command line's numbers
  const native = leaplab('run', json.runs[0].query, '--format', 'csv').trim().split('\n').filter((l) => !l.startsWith('#'));
  assert.equal(csv[7].split(',').slice(2).join(','), native[7]);

  for (const plot of ['loss', 'coeffs']) {
    const png = (await downloaded(page, `#export-${plot}-png`)).bytes;
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');
    const svg = (await downloaded(page, `#export-${plot}-svg`)).bytes.toString();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<polyline /g) ?? []).length, plot === 'loss' ? 2 : 3);
    assert.match(svg, plot === 'loss' ? /A: staircase\(3\)/ : /x1x2x3/);
  }

  const weights = await downloaded(page, '.run-card .small >> nth=0');
  const file = JSON.parse(weights.bytes.toString());
  assert.equal(file.format, 'leaplab-weights');
  assert.equal(file.leaplab, version);
  assert.equal(file.step, 600);
  assert.equal(file.layers.length, 2);
  assert.equal(file.layers[0].weights.length, 30 * 64);
  const path = join(mkdtempSync(join(tmpdir(), 'leaplab-')), weights.name);
  writeFileSync(path, weights.bytes);
  const query = file.query.replace('&steps=600', '&steps=0');
  const start = JSON.parse(leaplab('run', query, '--init-weights', path).split('\n')[1]);
  assert.equal(start.test_loss, json.runs[0].points.test_loss.at(-1), 'loaded weights give the page\'s last test loss');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the preset gallery has at least six experiments, each just a link', async () => {
  const page = await openPage(env.browser, env.url);
  const items = await page.$$eval('#gallery li', (els) => els.map((e) => ({ href: e.querySelector('a').getAttribute('href'), text: e.textContent })));
  assert.ok(items.length >= 6);
  for (const item of items) assert.ok(item.href.startsWith('?v=1&') && item.text.length > 100, item.href);
  await page.click('#gallery li:nth-child(3) a');
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(new URL(page.url()).search, items[2].href);
  assert.match(await page.textContent('#preset-description'), /Bias breaks the sign-flip symmetry/);
  await page.selectOption('#preset', 'leap-1-2-3');
  await page.waitForFunction(() => document.querySelectorAll('.run-card').length === 3);
  assert.ok(page.url().includes('r3.target='));
  await page.close();
});
