// The embed for lecture pages, in headless Chromium: it fills frames from
// small to projector size with legible text, the playground's Embed dialog
// makes its snippet, and it works framed by a page of another origin.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { countColour, launch, openPage, SCREENSHOTS } from './browser.mjs';

const SMALL = 'v=1&d=30&width=64&steps=600&eval_every=100&r1.target=staircase(3)&r2.target=parity(3)&r2.lr=0.05';
let env;

before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const finished = (frame) => frame.waitForFunction(
  () => document.querySelector('#play').getAttribute('aria-pressed') === 'false' && /^step 600/.test(document.querySelector('#status').textContent),
  null, { timeout: 60000 },
);

// Where the embed's parts are and how large its text is, in CSS pixels.
function layout(page) {
  return page.evaluate(() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, height: r.height }; };
    const size = (e) => parseFloat(getComputedStyle(e).fontSize);
    return {
      overflow: { x: document.documentElement.scrollWidth - innerWidth, y: document.documentElement.scrollHeight - innerHeight },
      bar: [...document.querySelectorAll('.bar > *')].map(box),
      status: size(document.querySelector('#status')),
      plots: [...document.querySelectorAll('.plot:not([hidden])')].map((cell) => ({
        cell: box(cell),
        plot: box(cell.querySelector('.uplot')),
        area: box(cell.querySelector('.u-over')),
        title: cell.querySelector('.u-title').textContent,
        titleSize: size(cell.querySelector('.u-title')),
        legendSize: size(cell.querySelector('.u-legend .u-label')),
      })),
    };
  });
}

const inside = (inner, outer) => inner.left >= outer.left - 0.5 && inner.top >= outer.top - 0.5
  && inner.right <= outer.right + 0.5 && inner.bottom <= outer.bottom + 0.5;

test('the embed fills frames from 400×300 to 1600×900: nothing overflows, each plot gets a quarter of the height, text is legible', async () => {
  for (const [width, height, style] of [[400, 300, ''], [480, 320, ''], [960, 540, ''], [1600, 900, ''], [960, 540, 'dark']]) {
    const page = await openPage(env.browser, `${env.url}embed.html?${SMALL}${style ? `#${style}` : ''}`, { width, height });
    await page.click('#play');
    await finished(page);
    await page.waitForTimeout(200);   // the last frame drawn
    const name = `embed-${width}x${height}${style ? `-${style}` : ''}`;
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
    const found = await layout(page);
    assert.ok(found.overflow.x <= 0 && found.overflow.y <= 0, `${name}: nothing overflows (${JSON.stringify(found.overflow)})`);
    const frame = { left: 0, top: 0, right: width, bottom: height };
    for (const part of found.bar) assert.ok(inside(part, frame), `${name}: the bar is in the frame`);
    assert.ok(found.status >= 16, `${name}: the status is ${found.status} px`);
    assert.equal(found.plots.length, 2);
    for (const plot of found.plots) {
      assert.ok(inside(plot.plot, plot.cell) && inside(plot.cell, frame), `${name}: "${plot.title}" is whole, title and legend included`);
      assert.ok(plot.area.height >= height / 4, `${name}: "${plot.title}" draws in ${plot.area.height} px of ${height}`);
      assert.ok(plot.legendSize >= 14 && plot.titleSize > plot.legendSize, `${name}: legend ${plot.legendSize} px, title ${plot.titleSize} px`);
    }
    assert.deepEqual(found.plots.map((p) => p.title), ['Test loss', 'Coefficients of run A: staircase(3)'], 'the coefficient plot says whose');
    assert.equal(await page.evaluate(() => document.body.classList.contains('dark')), style === 'dark');
    assert.ok(await countColour(page, '#loss-plot', '#0072B2') > 100, `${name}: the loss curve is drawn`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

test('the Embed dialog: size, autoplay, plots, style and a copy button; the snippet works in a page of another origin', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${env.url}?${SMALL}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#embed');
  let snippet = await page.inputValue('#embed-code');
  assert.ok(snippet.startsWith(`<iframe src="${env.url}embed.html?v=1&`), `addressed from the page's own location: ${snippet}`);
  assert.match(snippet, / width="960" height="540" /);
  assert.doesNotMatch(snippet, /autoplay/);

  await page.selectOption('#embed-size', '640x360');
  await page.check('#embed-autoplay');
  await page.uncheck('#embed-coeffs');
  assert.ok(await page.isDisabled('#embed-loss'), 'the last plot left cannot be unchecked');
  await page.check('input[name="embed-style"][value="dark"]');
  snippet = await page.inputValue('#embed-code');
  assert.match(snippet, / width="640" height="360" /);
  const src = new URL(snippet.match(/src="([^"]+)"/)[1]);
  assert.equal(src.searchParams.get('autoplay'), '1');
  assert.equal(src.searchParams.get('show'), 'loss');
  assert.equal(src.hash, '#dark');
  await page.click('#copy-embed');
  await page.waitForFunction(() => document.querySelector('#embed-status').textContent !== '');
  assert.equal(await page.textContent('#embed-status'), 'Code copied.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

  // a lecture page served from 127.0.0.1 (a server of its own) framing the
  // embed from localhost
  const framed = new URL(src);
  framed.hostname = 'localhost';
  const lecturePage = `<!doctype html><title>Week 3</title><h1>Week 3: the cost of symmetry</h1>${snippet.replace(src.href, framed.href)}`;
  const lectures = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(lecturePage));
  await new Promise((resolve) => lectures.listen(0, '127.0.0.1', resolve));
  await page.goto(`http://127.0.0.1:${lectures.address().port}/week-3.html`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('body[data-ready="true"]');
  assert.equal(new URL(frame.url()).host, framed.host);
  await finished(frame);   // autoplay: no click
  assert.ok(await countColour(frame, '#loss-plot', '#0072B2') > 100, 'the loss curve is drawn');
  // a lecture page that is not cross-origin isolated: one thread a run, and the status's tooltip says why
  assert.equal(await frame.evaluate(() => self.crossOriginIsolated), false);
  const threads = await frame.getAttribute('#status', 'title');
  assert.match(threads, /^A on 1 thread \(the page is not cross-origin isolated\)(\nB on 1 thread \(the page is not cross-origin isolated\))?$/, threads);
  assert.ok(await frame.evaluate(() => document.body.classList.contains('dark')));
  assert.ok(await frame.isHidden('#coeff-plot'));
  const overflow = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
  assert.deepEqual(overflow, [640, 360], 'the embed fits its frame');
  const open = new URL(await frame.$eval('#open', (a) => a.href));
  assert.equal(open.host, framed.host, 'Open in leaplab goes to the embed\'s own site');
  assert.ok(open.pathname.endsWith('/index.html'), open.pathname);
  await page.screenshot({ path: `${SCREENSHOTS}embed-cross-origin.png` });
  assert.deepEqual(problems, []);
  await context.close();
  lectures.close();
});
