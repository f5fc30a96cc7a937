// End-to-end tests of the sweep page (www/sweep.html) in headless Chromium:
// the worker pool, the results it draws, the same records as the command
// line, cancel and resume, links, and the phone width.
// Run with: node --test tests/browser/   (after scripts/build-web.sh)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countColour, launch, openPage, SCREENSHOTS } from './browser.mjs';

const LEAPLAB = fileURLToPath(new URL('../../target/release/leaplab', import.meta.url));
const GOLDEN = readFileSync(new URL('../golden/sweep_runs.txt', import.meta.url), 'utf8');
const SPEC = GOLDEN.split('\n').find((l) => l.startsWith('spec ')).slice(5);
let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Counts the page's Web Workers as they start and as they end.
function watchWorkers(page) {
  const workers = { started: 0, closed: 0 };
  page.on('worker', (worker) => {
    workers.started += 1;
    worker.on('close', () => { workers.closed += 1; });
  });
  return workers;
}

async function waitUntil(check, what, timeout = 10000) {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// `page`, keeping its page errors in page.problems.
function watched(page) {
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  return page;
}

// Opens and runs a sweep whose runs 0, 2, 4 are parity(1), learned at
// once, and runs 1, 3, 5 parity(5) at d = 100, which run for minutes; waits
// until the fast runs a worker reaches are done: {cores, fast}.
async function startSlowSweep(page) {
  await page.goto(`${env.url}sweep.html?v=1&target=parity(1)|parity(5)&d=100&steps=1000000`);
  await page.waitForSelector('body[data-ready="true"]');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const fast = Math.min(3, cores);
  await page.click('#run');
  await page.waitForFunction((n) => Number(document.body.dataset.done) === n, fast, { timeout: 30000 });
  return { cores, fast };
}

const done = (page) => page.evaluate(() => Number(document.body.dataset.done));
const untimed = (line) => { const r = JSON.parse(line); delete r.seconds; return r; };

test('a sweep runs on one worker per core, draws as it goes, and gives the command line\'s records', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  const page = watched(await context.newPage());
  const workers = watchWorkers(page);
  await page.goto(`${env.url}sweep.html?${SPEC}`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#spec'), SPEC);
  assert.match(await page.textContent('#plan'), /^2 targets × 2 values of d × 2 seeds = 8 runs, each up to 400 steps, on \d+ workers?\.$/);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);

  await page.click('#run');
  await page.waitForFunction(() => /^Done: 8 of 8 runs/.test(document.querySelector('#status').textContent), null, { timeout: 60000 });
  assert.equal(workers.started, Math.min(cores, 8), 'one worker per core');
  await waitUntil(() => workers.closed === workers.started, 'the idle workers to end');
  assert.equal(await page.$eval('#progress', (p) => `${p.value}/${p.max}`), '8/8');
  assert.equal(await page.textContent('#run'), 'Run again', 'nothing left to run, so Run runs it all again');
  assert.equal(new URL(page.url()).search, `?${SPEC}`);

  // the heatmap: parity(3) at d = 12 learned by one seed of two
  const heat = await page.$$eval('#heatmap tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
  assert.deepEqual(heat, [['staircase(2)', '100%2/2', '100%2/2'], ['parity(3)', '100%2/2', '50%1/2']]);
  // the fits: two medians for the staircase, one for the parity (its d = 12 median is censored)
  const fits = await page.$$eval('#fits tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
  assert.deepEqual(fits[0], ['staircase(2)', '0.00 (2 points)', '1', '1', '1.49', '2 of 2']);
  assert.deepEqual(fits[1], ['parity(3)', '–', '2', '3', '2.17', '1 of 2 (1 censored)']);
  assert.ok(await countColour(page, '#steps-plot', '#0072B2') > 100, 'the staircase is drawn');
  assert.ok(await countColour(page, '#steps-plot', '#D55E00') > 100, 'the parity is drawn');
  await page.screenshot({ path: `${SCREENSHOTS}sweep-1920.png`, fullPage: true });

  // the download is the command line's file, record for record
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const text = readFileSync(await download.path(), 'utf8');
  const [header, ...runs] = text.trim().split('\n');
  assert.equal(JSON.parse(header).spec, SPEC);
  const native = execFileSync(LEAPLAB, ['sweep', SPEC, '--threads', '1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString().trim().split('\n').slice(1);
  const byRun = (lines) => lines.map(untimed).sort((a, b) => a.run - b.run);
  assert.equal(runs.length, 8);
  assert.deepEqual(byRun(runs), byRun(native));
  const golden = GOLDEN.split('\n').filter((l) => /^\d/.test(l));
  assert.deepEqual(byRun(runs).map((r) => `${r.run} ${r.outcome} ${r.learned_at ?? '-'} ${r.metrics_hash}`), golden);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('cancel stops every worker at once, keeps the finished runs, and resume runs only the others', async () => {
  const page = watched(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  const workers = watchWorkers(page);
  // the workers go through the runs in order until each holds a slow one
  const { cores, fast } = await startSlowSweep(page);
  await waitUntil(() => workers.started - workers.closed === Math.min(3, cores), 'only the slow runs to hold workers');
  await page.waitForTimeout(300);
  const clicked = Date.now();
  await page.click('#cancel');
  // the workers yield every few milliseconds, so they end at once rather
  // than after Chromium's 2-second grace period for a busy script
  // (well under Chromium's 2 s grace, with room for a loaded machine)
  await waitUntil(() => workers.closed === workers.started, 'every worker to end', 1700);
  assert.ok(Date.now() - clicked < 1700, `${Date.now() - clicked} ms`);
  assert.equal(await page.textContent('#status'), `Cancelled with ${fast} of 6 runs done; Resume runs the others.`);
  await page.waitForTimeout(1000);
  assert.equal(await done(page), fast, 'nothing arrives after cancel');
  assert.equal(await page.textContent('#run'), 'Resume');
  assert.equal(await page.isDisabled('#cancel'), true);
  // the finished runs stay: no numeric key varies, so one column
  const cells = await page.$$eval('#heatmap tbody td', (tds) => tds.map((c) => c.textContent.trim()));
  assert.deepEqual(cells, [`100%${fast}/${fast}`, '·']);

  const before = workers.started;
  await page.click('#run');
  await waitUntil(() => workers.started - before === Math.min(cores, 6 - fast), 'the resumed workers');
  await page.waitForFunction((n) => new RegExp(`^${n} of 6 runs · \\d+ workers`).test(document.querySelector('#status').textContent), fast);
  await page.click('#cancel');
  await waitUntil(() => workers.closed === workers.started, 'every worker to end again', 2000);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('an accidental reload during a sweep keeps the finished runs', async () => {
  const page = watched(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  // leaving while a sweep runs asks first; the test says yes
  page.on('dialog', (dialog) => dialog.accept());
  const { fast } = await startSlowSweep(page);
  await page.waitForTimeout(1200);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await done(page), fast);
  assert.equal(await page.textContent('#status'), `Restored ${fast} of 6 runs from an earlier visit; Run continues with the others.`);
  const cells = await page.$$eval('#heatmap tbody td', (tds) => tds.map((c) => c.textContent.trim()));
  assert.deepEqual(cells, [`100%${fast}/${fast}`, '·']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a finished sweep, even restored after a reload, can be cleared or run again', async () => {
  const spec = 'v=1&target=parity(2)&d=6|8&width=16&steps=300&seeds=2';
  const page = await openPage(env.browser, `${env.url}sweep.html?${spec}`);
  await page.click('#run');
  await page.waitForFunction(() => /^Done: 4 of 4 runs/.test(document.querySelector('#status').textContent), null, { timeout: 60000 });
  const heat = () => page.$$eval('#heatmap tbody td', (tds) => tds.map((c) => c.textContent.trim()));
  const first = await heat();
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('#status'), 'Restored 4 of 4 runs from an earlier visit.');
  assert.equal(await page.textContent('#run'), 'Run again');
  assert.equal(await page.isDisabled('#run'), false);
  await page.screenshot({ path: `${SCREENSHOTS}sweep-restored.png` });

  // Run again starts from nothing and gives the same results
  await page.click('#run');
  await page.waitForFunction(() => /^Done: 4 of 4 runs/.test(document.querySelector('#status').textContent), null, { timeout: 60000 });
  assert.deepEqual(await heat(), first);

  // Clear results forgets them here and in the browser's storage
  await page.click('#clear');
  assert.equal(await done(page), 0);
  assert.equal(await page.textContent('#status'), 'Not run yet.');
  assert.equal(await page.textContent('#run'), 'Run');
  assert.equal(await page.isDisabled('#clear'), true);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('#status'), 'Not run yet.');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a bad link names the key and runs nothing; a command-line results file opens', async () => {
  const page = await openPage(env.browser, `${env.url}sweep.html?v=1&target=parity(3)&d=0|10`);
  const workers = watchWorkers(page);
  assert.equal(await page.textContent('#spec-error'), 'd: "0" is not allowed; d must be a whole number from 1 to 4096');
  assert.equal(await page.getAttribute('#spec', 'aria-invalid'), 'true');
  await page.click('#run');
  await page.waitForTimeout(300);
  assert.equal(workers.started, 0);
  // a typo fixed in the box is checked as you type
  await page.fill('#spec', 'v=1&target=parity(3)&d=6|10&width=16&seeds=1&bogus=1');
  await page.waitForFunction(() => /^bogus: is not a sweep key/.test(document.querySelector('#spec-error').textContent));

  const dir = mkdtempSync(join(tmpdir(), 'leaplab-sweep-'));
  const file = join(dir, 'golden.jsonl');
  execFileSync(LEAPLAB, ['sweep', SPEC, '--out', file], { stdio: 'ignore' });
  // cut the last run in half, as a killed process leaves it
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, text.length - 40));
  await page.setInputFiles('#open-file', file);
  await page.waitForFunction(() => /^Opened golden\.jsonl: 7 of 8 runs \(a cut-off last line left out\)\.$/.test(document.querySelector('#status').textContent));
  assert.equal(await page.inputValue('#spec'), SPEC);
  assert.equal(await page.textContent('#spec-error'), '');
  assert.equal(await page.textContent('#run'), 'Resume');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('phone width: nothing overflows sideways; the embed shows only the controls and results', async () => {
  const spec = 'v=1&target=parity({k})&k=1..3&d=10|20|40&width=32&steps=400&seeds=1';
  const page = await openPage(env.browser, `${env.url}sweep.html?${spec}`, { width: 375, height: 800 });
  await page.click('#run');
  await page.waitForFunction(() => /^Done/.test(document.querySelector('#status').textContent), null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
  await page.screenshot({ path: `${SCREENSHOTS}sweep-375.png`, fullPage: true });
  const embedCode = await page.inputValue('#embed-code');
  const src = embedCode.match(/src="([^"]+)"/)[1];
  assert.ok(src.endsWith('#embed'));
  const embed = await openPage(env.browser, src, { width: 600, height: 700 });
  assert.equal(await embed.isVisible('#spec'), false);
  assert.equal(await embed.isVisible('#run'), true);
  assert.equal(await embed.isVisible('#open-full'), true);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(embed.problems, []);
  await page.close();
  await embed.close();
});
