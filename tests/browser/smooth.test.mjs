// A page that never stutters (issue 17, section 4): four runs at d = 100
// training to 100,000 steps leave the page's main thread without a task of
// over 50 ms of work; the page trains at least 85% as fast as the same four
// runs in bare wasm workers (worker.js driven directly, nothing drawn),
// measured side by side; a cold load paints and answers within a second.
//
// The speeds are compared in five rounds, each a window of the page and
// then one of the bare workers, as the median of the rounds' ratios: on a
// shared machine a window can lose a third of its speed to a neighbour
// (once the mean of two rounds gave 0.73, and the best of three windows
// on each side 0.84, where the page had run at 0.94–1.16 of the workers
// within the hour), and neighbours come and go over minutes, so each
// page window is compared with the one beside it and an outlying round
// does not decide. The runs train to 100,000 steps so that none ends
// within those windows on a faster machine.
//
// A task's length is checked as the CPU time the page's thread spent on it
// (Chromium's trace): its wall time also holds every moment the four
// workers, or anything else on the machine, had the cores, and a slow or
// busy machine must not fail the test. The longest wall time (the Long
// Tasks API) is printed beside it; on an idle machine of this kind it is 0
// (no task reaches 50 ms).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';

const FOUR = '?v=1&d=100&steps=100000&r1.target=staircase(4)&r2.target=parity(4)&r3.target=parity(3)&r4.target=staircase(3)';
// seconds per measured window; the page and the bare workers alternate
const WINDOW = 6;
// rounds of one page window and one bare-worker window
const ROUNDS = 5;
let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function fourRunPage(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${env.url}${FOUR}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => [...document.querySelectorAll('.run-card .status')].every((e) => e.dataset.query));
  return page;
}

// The most CPU time (ms) one task of the page's main thread took, in a
// Chromium trace: the renderer's main thread that ran tasks. A few tiny
// tasks come without their CPU time (`tdur`; 2 of 4,815 in one trace,
// each of 4 µs): theirs counts as their wall time (`dur`), which is never
// less.
function longestTaskCpuMs(events) {
  const mains = events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  const tasksOf = (t) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask' && e.ph === 'X');
  const tasks = mains.map(tasksOf).sort((a, b) => b.length - a.length)[0] ?? [];
  const timed = tasks.filter((t) => t.tdur != null).length;
  assert.ok(tasks.length > 100 && timed >= 0.99 * tasks.length,
    `the trace has the page's tasks with their CPU time (${timed} of ${tasks.length} tasks have it)`);
  return Math.max(...tasks.map((t) => t.tdur ?? t.dur)) / 1000;
}

// Steps taken by all of a page's runs so far.
const pageSteps = (page) => page.$$eval('.run-card .status', (els) => els
  .reduce((n, e) => n + Number(e.dataset.steps ?? 0), 0));

// Steps per second of the page's four runs over `seconds`, and the longest
// main-thread task meanwhile.
async function measurePage(page, seconds) {
  const [s0, t0] = [await pageSteps(page), await page.evaluate(() => performance.now())];
  await page.waitForTimeout(seconds * 1000);
  const [s1, t1] = [await pageSteps(page), await page.evaluate(() => performance.now())];
  const longest = await page.evaluate((t) => Math.max(0, ...window.longTasks.filter((l) => l.start >= t).map((l) => l.duration)), t0);
  return { rate: (s1 - s0) / ((t1 - t0) / 1000), longest };
}

// The same four runs set up in bare workers (worker.js, no page around
// them) in `page`, waiting for measureBare.
async function startBareWorkers(page, queries) {
  await page.evaluate(async ({ base, queries }) => {
    window.bare = queries.map((query) => {
      const worker = new Worker(new URL('worker.js', base), { type: 'module' });
      worker.steps = 0;
      worker.onmessage = (event) => { if (event.data.summary) worker.steps = event.data.summary.steps; };
      worker.postMessage({ type: 'create', query });
      return worker;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }, { base: page.url(), queries });
}

// Runs the bare workers for `seconds` (after a second to get going) and
// pauses them again: their steps per second.
async function measureBare(page, seconds) {
  return page.evaluate(async (seconds) => {
    const steps = () => window.bare.reduce((n, w) => n + w.steps, 0);
    for (const w of window.bare) w.postMessage({ type: 'run' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [s0, t0] = [steps(), performance.now()];
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const rate = (steps() - s0) / ((performance.now() - t0) / 1000);
    for (const w of window.bare) w.postMessage({ type: 'pause' });
    return rate;
  }, seconds);
}

test('four runs at d = 100: no main-thread task over 50 ms, and at least 85% of bare workers\' speed', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await fourRunPage(context);
  const queries = await page.$$eval('.run-card .status', (els) => els.map((e) => e.dataset.query));
  const bare = await context.newPage();
  await bare.goto(`${env.url}favicon.svg`);
  await startBareWorkers(bare, queries);

  // page, bare, page, bare: each side gets the machine alone, in turn
  const pageRates = [];
  const bareRates = [];
  let longest = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await page.bringToFront();
    await page.click('#play');
    await page.waitForTimeout(1000);
    const measured = await measurePage(page, WINDOW);
    await page.click('#play');
    pageRates.push(measured.rate);
    longest = Math.max(longest, measured.longest);
    await bare.bringToFront();
    bareRates.push(await measureBare(bare, WINDOW));
  }
  // then the page trains on to the end, 100,000 steps per run, traced
  await page.bringToFront();
  const t0 = await page.evaluate(() => performance.now());
  await env.browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').textContent === 'Run again', null, { timeout: 180000 });
  const busiest = longestTaskCpuMs(JSON.parse((await env.browser.stopTracing()).toString()).traceEvents);
  longest = Math.max(longest, await page.evaluate((t) => Math.max(0, ...window.longTasks.filter((l) => l.start >= t).map((l) => l.duration)), t0));
  const steps = await page.$$eval('.run-card .status', (els) => els.map((e) => Number(e.dataset.steps)));
  assert.deepEqual(steps, [100000, 100000, 100000, 100000]);
  const ratios = pageRates.map((r, i) => r / bareRates[i]);
  const ratio = [...ratios].sort((a, b) => a - b)[ROUNDS >> 1];
  const rounds = pageRates.map((r, i) => `${Math.round(r)}/${Math.round(bareRates[i])}`).join(', ');
  console.log(`page/bare workers steps/s by round ${rounds}: median ratio ${ratio.toFixed(3)}; `
    + `busiest main-thread task ${busiest.toFixed(1)} ms of CPU; longest wall time of a task ${Math.round(longest)} ms`);
  assert.ok(ratio >= 0.85, `the page trains at ${ratio.toFixed(3)} of bare workers' speed`);
  assert.ok(busiest <= 50, `a main-thread task took ${busiest.toFixed(1)} ms of CPU`);
  assert.deepEqual(page.problems ?? [], []);
  await context.close();
});

test('a cold load paints and answers within a second', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(env.url);
  await page.waitForSelector('body[data-ready="true"]');
  const ready = Date.now() - start;
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  // first interaction: a click on Run is answered (the button says Pause)
  const clicked = Date.now();
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').textContent === 'Pause');
  const answered = Date.now() - clicked;
  console.log(`first contentful paint ${Math.round(paint)} ms, ready ${ready} ms, Run answered in ${answered} ms`);
  assert.ok(paint < 1000, `first paint after ${Math.round(paint)} ms`);
  assert.ok(ready < 1000, `ready after ${ready} ms`);
  // (the time includes Playwright's own checks before it clicks)
  assert.ok(answered < 500, `Run answered after ${answered} ms`);
  await context.close();
});
