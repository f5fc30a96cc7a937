// Shared set-up of the browser tests: the page served on localhost and
// Debian's Chromium driven by playwright-core.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const SCREENSHOTS = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launch() {
  const { server, url } = await startServer(0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      server.close();
    },
  };
}

// Opens the page at `width` × `height` and collects console errors and
// uncaught exceptions in `page.problems`.
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return page;
}

// Counts pixels of `colour` (#rrggbb) on the canvas inside `selector` of a
// page or frame: how a test checks that a curve was drawn.
export function countColour(page, selector, colour) {
  return page.$eval(selector, (root, hex) => {
    const canvas = root.querySelector('canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - want[0]) < 30 && Math.abs(data[i + 1] - want[1]) < 30 && Math.abs(data[i + 2] - want[2]) < 30) n++;
    }
    return n;
  }, colour);
}
