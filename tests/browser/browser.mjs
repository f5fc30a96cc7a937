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
