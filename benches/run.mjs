// The speed benchmark: every peer on every configuration of
// benches/configs.json, interleaved and repeated, then the tables.
//
// Usage (scripts/bench.sh installs the peers and runs this):
//   node benches/run.mjs [--repeat N] [--configs a,b] [--peers a,b] [--write]
// Results go to target/bench/results.json; the tables are printed and,
// with --write, replace the block between the `results` markers in
// BENCHMARKS.md.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONFIGS = join(ROOT, 'benches/configs.json');
const PEERS_DIR = join(ROOT, 'target/bench');
const PYTHON = join(PEERS_DIR, 'venv/bin/python');
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const repeat = Number(option('--repeat', '3'));
const spec = JSON.parse(readFileSync(CONFIGS, 'utf8'));
const configNames = option('--configs', spec.configs.map((c) => c.name).join(',')).split(',');
const configs = spec.configs.filter((c) => configNames.includes(c.name));

function lastJson(output) {
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function run(command, args) {
  return lastJson(execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

let browser = null;
let server = null;
let baseUrl = null;

async function inChromium(cfg, peer, extra = '') {
  if (!browser) {
    ({ server, url: baseUrl } = await startServer(0, ROOT));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }
  const page = await browser.newPage();
  try {
    await page.goto(`${baseUrl}benches/page.html?config=${cfg.name}&peer=${peer}${extra}`);
    await page.waitForFunction(() => window.benchResult || window.benchError, null, { timeout: 600_000 });
    const { benchResult, benchError } = await page.evaluate(() => ({
      benchResult: window.benchResult, benchError: window.benchError,
    }));
    if (benchError) throw new Error(benchError);
    return benchResult;
  } finally {
    await page.close();
  }
}

const threads = os.availableParallelism();
const PEERS = [
  { id: 'leaplab-native', label: 'leaplab native, 1 thread', run: (c) => run('cargo', ['bench', '-q', '--bench', 'speed', '--', CONFIGS, c.name]) },
  { id: 'leaplab-native-all', label: `leaplab native, ${threads} threads`, run: (c) => run('cargo', ['bench', '-q', '--bench', 'speed', '--', CONFIGS, c.name, `threads=${threads}`]) },
  { id: 'leaplab-native-128', label: 'leaplab native, 128-bit SIMD only', run: (c) => run('cargo', ['bench', '-q', '--bench', 'speed', '--', CONFIGS, c.name, 'base']) },
  { id: 'leaplab-wasm-node', label: 'leaplab wasm, Node', run: (c) => run('node', ['benches/node_peers.mjs', CONFIGS, c.name, 'leaplab', PEERS_DIR]) },
  { id: 'leaplab-wasm-chromium', label: 'leaplab wasm, Chromium', run: (c) => inChromium(c, 'leaplab') },
  { id: 'leaplab-wasm-chromium-all', label: `leaplab wasm, Chromium, ${threads} threads`, run: (c) => inChromium(c, 'leaplab-threads', `&threads=${threads}`) },
  { id: 'pytorch-1', label: 'PyTorch CPU, 1 thread', run: (c) => run(PYTHON, ['benches/torch_peer.py', CONFIGS, c.name, '1']) },
  { id: 'pytorch-all', label: `PyTorch CPU, ${threads} threads`, run: (c) => run(PYTHON, ['benches/torch_peer.py', CONFIGS, c.name, String(threads)]) },
  { id: 'tfjs-wasm-node', label: 'TF.js wasm, Node', run: (c) => run('node', ['benches/node_peers.mjs', CONFIGS, c.name, 'tfjs', PEERS_DIR]) },
  { id: 'tfjs-wasm-chromium', label: 'TF.js wasm, Chromium', run: (c) => inChromium(c, 'tfjs') },
];
const peerNames = option('--peers', PEERS.map((p) => p.id).join(',')).split(',');
const peers = PEERS.filter((p) => peerNames.includes(p.id));

/** Nominal FLOPs of one step: 2 per multiply-add of the forward pass, the
 * weight gradients and the backpropagated gradients (none to the input). */
function flopsPerStep(c) {
  const shapes = [];
  for (let l = 0; l < c.depth; l++) {
    shapes.push([l === 0 ? c.d : c.width, l === c.depth - 1 ? 1 : c.width]);
  }
  const macs = shapes.reduce((s, [i, o], l) => s + i * o * (l === 0 ? 2 : 3), 0);
  return 2 * c.batch * macs;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

function machine(peak) {
  const cpu = os.cpus()[0].model;
  const versions = {};
  try {
    versions.rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
    versions.node = process.version;
    versions.torch = execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
    versions.tfjs = JSON.parse(readFileSync(join(PEERS_DIR, 'node/node_modules/@tensorflow/tfjs/package.json'))).version;
    versions.chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    versions.error = String(error.message);
  }
  return { cpu, cores: os.cpus().length, memory_gib: Math.round(os.totalmem() / 2 ** 30), ...peak, versions };
}

/** Size of the page's wasm module and how soon the page is usable. */
async function pageLoad() {
  const wasm = readFileSync(join(ROOT, 'www/pkg/leaplab_bg.wasm'));
  const { server: pageServer, url } = await startServer(0);
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const loads = [];
  try {
    for (let i = 0; i < 5; i++) {
      const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
      const ready = await page.evaluate(() => performance.now());
      await page.waitForFunction(() => {
        const cards = [...document.querySelectorAll('.run-card .status')];
        return cards.length > 0 && cards.every((e) => /step 0$/.test(e.textContent));
      }, null, { timeout: 20000, polling: 5 });
      const firstEval = await page.evaluate(() => performance.now());
      loads.push({ ready, firstEval });
      await page.close();
    }
  } finally {
    await b.close();
    pageServer.close();
  }
  return {
    wasm_bytes: wasm.length,
    wasm_gzip_bytes: gzipSync(wasm, { level: 9 }).length,
    wasm_modified: statSync(join(ROOT, 'www/pkg/leaplab_bg.wasm')).mtime.toISOString(),
    ready_ms: median(loads.map((l) => l.ready)),
    first_eval_ms: median(loads.map((l) => l.firstEval)),
    loads,
  };
}

const results = {
  started: new Date().toISOString(),
  load_before: os.loadavg(),
  repeat,
  runs: {},
};
const peak = run('cargo', ['bench', '-q', '--bench', 'peak']);
results.machine = machine(peak);
for (let r = 0; r < repeat; r++) {
  for (const cfg of configs) {
    for (const peer of peers) {
      const measured = await peer.run(cfg);
      const key = `${peer.id}/${cfg.name}`;
      (results.runs[key] ??= []).push(measured);
      console.error(`[${r + 1}/${repeat}] ${key}: ${measured.steps_per_second.toFixed(1)} steps/s`);
    }
  }
}
if (browser) {
  await browser.close();
  server.close();
}
results.page = await pageLoad();
results.load_after = os.loadavg();
results.finished = new Date().toISOString();
writeFileSync(join(PEERS_DIR, 'results.json'), JSON.stringify(results, null, 2));

// ---- tables ----
const sps = (peer, cfg) => {
  const runs = results.runs[`${peer}/${cfg}`];
  return runs ? median(runs.map((m) => m.steps_per_second)) : null;
};
const fmt = (x, digits = 0) => (x == null ? '–' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits || 1));
const ratio = (a, b) => (a == null || b == null ? null : a / b);
const fmtRatio = (x) => (x == null ? '–' : `${x.toFixed(2)}×`);
const names = configs.map((c) => c.name);
const lines = [];
const m = results.machine;
lines.push(`Measured ${results.started.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB`);
lines.push(`(${Object.values(m.versions).join('; ')}).`);
lines.push(`Load average before/after: ${results.load_before.map((x) => x.toFixed(2)).join(', ')} / ${results.load_after.map((x) => x.toFixed(2)).join(', ')}.`);
lines.push(`Median of ${repeat} runs per cell, peers interleaved; kernel level ${peak.level}.`);
lines.push('');
lines.push('**Steps per second** (higher is better)');
lines.push('');
lines.push(`| peer | ${configs.map((c) => `${c.name} (d=${c.d}, ${c.depth - 1}×${c.width}, B=${c.batch})`).join(' | ')} |`);
lines.push(`|---|${names.map(() => '---:').join('|')}|`);
for (const p of peers) lines.push(`| ${p.label} | ${names.map((n) => fmt(sps(p.id, n))).join(' | ')} |`);
lines.push('');
lines.push('**Ratios** (leaplab ÷ peer; the issue\'s targets in brackets)');
lines.push('');
const comparisons = [
  ['leaplab wasm ÷ TF.js wasm, Chromium [≥ 2 on every config]', 'leaplab-wasm-chromium', 'tfjs-wasm-chromium', () => 2],
  [`leaplab wasm, Chromium, ${threads} threads ÷ PyTorch, 1 thread [≥ 1 on every config]`, 'leaplab-wasm-chromium-all', 'pytorch-1', () => 1],
  ['leaplab wasm, Chromium, 1 thread ÷ PyTorch, 1 thread', 'leaplab-wasm-chromium', 'pytorch-1', () => null],
  ['leaplab wasm ÷ TF.js wasm, Node', 'leaplab-wasm-node', 'tfjs-wasm-node', () => null],
  ['leaplab native ÷ PyTorch, 1 thread [≥ 1.5 headline, small; ≥ 1 wide]', 'leaplab-native', 'pytorch-1', (n) => ({ headline: 1.5, small: 1.5, wide: 1 })[n] ?? null],
  [`leaplab native (1 thread) ÷ PyTorch, ${threads} threads`, 'leaplab-native', 'pytorch-all', () => null],
  [`leaplab native ÷ PyTorch, both on ${threads} threads [≥ 1.2 on every config]`, 'leaplab-native-all', 'pytorch-all', () => 1.2],
  ['leaplab wasm, Chromium ÷ leaplab native [≥ 0.6 headline]', 'leaplab-wasm-chromium', 'leaplab-native', (n) => (n === 'headline' ? 0.6 : null)],
  ['leaplab wasm, Node ÷ leaplab native', 'leaplab-wasm-node', 'leaplab-native', () => null],
  ['leaplab wasm, Chromium ÷ leaplab native at 128 bits', 'leaplab-wasm-chromium', 'leaplab-native-128', () => null],
];
lines.push(`| ratio | ${names.join(' | ')} |`);
lines.push(`|---|${names.map(() => '---:').join('|')}|`);
const verdicts = [];
for (const [label, a, b, target] of comparisons) {
  const cells = names.map((n) => {
    const x = ratio(sps(a, n), sps(b, n));
    const t = target(n);
    if (x != null && t != null) verdicts.push(`${label.split(' [')[0]}, ${n}: ${x.toFixed(2)} (target ${t}) ${x >= t ? 'met' : 'MISSED'}`);
    return t != null && x != null ? `${fmtRatio(x)} ${x >= t ? '✓' : '✗'}` : fmtRatio(x);
  });
  lines.push(`| ${label} | ${cells.join(' | ')} |`);
}
lines.push('');
lines.push(`**Achieved GFLOP/s** (nominal 2·B·Σ n_in·n_out per pass: forward, weight gradients, backpropagated gradients; peak ${peak.fma_gflops?.toFixed(1) ?? '–'} GFLOP/s per core, measured with fused multiply-adds (${peak.fma_flop_per_cycle?.toFixed(0) ?? '–'} FLOP/cycle at ${peak.clock_ghz?.toFixed(2) ?? '–'} GHz); measured multiply+add ceiling, what leaplab's kernels may use, ${peak.mul_add_gflops?.toFixed(1) ?? '–'} GFLOP/s, and ${peak.mul_add_128_gflops?.toFixed(1) ?? '–'} on 128-bit vectors, wasm's)`);
lines.push('');
lines.push(`| peer | ${names.map((n) => `${n} (${(flopsPerStep(configs.find((c) => c.name === n)) / 1e6).toFixed(1)} MFLOP/step)`).join(' | ')} |`);
lines.push(`|---|${names.map(() => '---:').join('|')}|`);
for (const p of peers) {
  lines.push(`| ${p.label} | ${names.map((n) => {
    const s = sps(p.id, n);
    if (s == null) return '–';
    const g = (s * flopsPerStep(configs.find((c) => c.name === n))) / 1e9;
    return `${g.toFixed(1)} (${((100 * g) / peak.fma_gflops).toFixed(0)}%)`;
  }).join(' | ')} |`);
}
lines.push('');
const pg = results.page;
lines.push(`**Page**: wasm module ${(pg.wasm_bytes / 1024).toFixed(0)} KB, ${(pg.wasm_gzip_bytes / 1024).toFixed(0)} KB gzipped [≤ 300 KB ${pg.wasm_gzip_bytes <= 300 * 1024 ? '✓' : '✗'}]; on localhost, controls ready after ${pg.ready_ms.toFixed(0)} ms and both runs' workers showing step 0 after ${pg.first_eval_ms.toFixed(0)} ms (median of 5 loads) [≤ 1 s ${pg.first_eval_ms <= 1000 ? '✓' : '✗'}].`);
verdicts.push(`wasm gzipped ${(pg.wasm_gzip_bytes / 1024).toFixed(0)} KB (target ≤ 300) ${pg.wasm_gzip_bytes <= 300 * 1024 ? 'met' : 'MISSED'}`);
verdicts.push(`page usable in ${pg.first_eval_ms.toFixed(0)} ms (target ≤ 1000) ${pg.first_eval_ms <= 1000 ? 'met' : 'MISSED'}`);
const wide = configs.find((c) => c.name === 'wide');
if (wide && sps('leaplab-native', 'wide') != null) {
  const share = (sps('leaplab-native', 'wide') * flopsPerStep(wide)) / 1e9 / peak.fma_gflops;
  verdicts.push(`leaplab native on wide: ${(100 * share).toFixed(0)}% of peak (target ≥ 30%) ${share >= 0.3 ? 'met' : 'MISSED'}`);
}
const table = lines.join('\n');
console.log(table);
console.log('\n' + verdicts.join('\n'));
results.verdicts = verdicts;
writeFileSync(join(PEERS_DIR, 'results.json'), JSON.stringify(results, null, 2));
if (argv.includes('--write')) {
  const path = join(ROOT, 'BENCHMARKS.md');
  const doc = readFileSync(path, 'utf8');
  const begin = '<!-- results:begin -->';
  const end = '<!-- results:end -->';
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < 0) throw new Error('BENCHMARKS.md has no results markers');
  writeFileSync(path, `${doc.slice(0, a + begin.length)}\n${table}\n\n${verdicts.map((v) => `- ${v}`).join('\n')}\n${doc.slice(b)}`);
}
