// Shared set-up of the browser tests: the page served on localhost and
// Debian's Chromium driven by playwright-core.
//
// LEAPLAB_SITE=dist runs them against the published site instead of www/:
// dist/ (./scripts/build-site.sh) served by a plain static file server,
// python3 -m http.server, under the path prefix /course/leaplab/.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

// 'www' (the default) or 'dist'.
export const SITE = process.env.LEAPLAB_SITE ?? 'www';
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

// Where tests save screenshots: target/screenshots/, or its dist/ folder.
export const SCREENSHOTS = fileURLToPath(new URL(`../../target/screenshots/${SITE === 'dist' ? 'dist/' : ''}`, import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// dist/ linked at /course/leaplab/ in a scratch folder that python3's
// http.server serves on a free port of 127.0.0.1: {url, close()}.
async function serveDist() {
  if (!existsSync(`${DIST}index.html`)) throw new Error('LEAPLAB_SITE=dist: there is no dist/; run ./scripts/build-site.sh');
  const root = mkdtempSync(join(tmpdir(), 'leaplab-site-'));
  mkdirSync(join(root, 'course'));
  symlinkSync(DIST, join(root, 'course', 'leaplab'));
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/port (\d+)/);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`python3 -m http.server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}/course/leaplab/`,
    close() {
      server.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function serveWww() {
  const { server, url } = await startServer(0);
  return { url, close: () => server.close() };
}

export async function launch() {
  const site = SITE === 'dist' ? await serveDist() : await serveWww();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  return {
    url: site.url,
    browser,
    async close() {
      await browser.close();
      site.close();
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
