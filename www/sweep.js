// The sweep page: a spec (the page's query string), a pool of workers that
// runs it, and what the engine's summary of the finished runs says, drawn
// as they arrive. The engine validates the spec, runs each run and
// computes every statistic; this module only moves text and draws.
//
// The URL's query is the spec itself, so a sweep is a link; `#embed` shows
// only the controls and the results.

import init, { SweepSummarizer, engineVersion, sweepHeader, sweepPlan, sweepPresets, sweepResults } from './pkg/leaplab.js';
import { download } from './download.js';
import { SweepPool } from './sweep-pool.js';
import { StepsPlot, pickupView, renderFits, renderHeatmap } from './sweep-plots.js';

const EDIT_DELAY_MS = 300;
const DRAW_EVERY_MS = 250;

await init();

const $ = (selector) => document.querySelector(selector);
$('#engine-version').textContent = `leaplab ${engineVersion()}`;
const embedded = location.hash === '#embed';
document.body.classList.toggle('embed', embedded);

const presets = sweepPresets();
const pool = new SweepPool();
const plot = new StepsPlot($('#steps-plot'));

// The sweep shown: its plan, its finished runs' record lines by index,
// and the engine's summarizer of the sweep, which has read and checked
// each of those lines once (refused: why the first line it refused was).
let plan = null;
let lines = new Map();
let summarizer = null;
let refused = null;
let failures = new Map();
let session = null;        // {started, doneAtStart} while running
let note = null;           // what the status says when not running
let drawTimer = null;
let lastDraw = 0;

function message(error) {
  return String(error?.message ?? error);
}

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}`;
}

// Reads the spec box: the plan, or null after showing what is wrong.
function readSpec() {
  const text = $('#spec').value.trim().replace(/^\?/, '');
  try {
    const next = sweepPlan(text);
    $('#spec-error').textContent = '';
    $('#spec').removeAttribute('aria-invalid');
    return next;
  } catch (error) {
    $('#spec-error').textContent = message(error);
    $('#spec').setAttribute('aria-invalid', 'true');
    $('#plan').textContent = '';
    return null;
  }
}

// The finished runs of the sweep shown are kept in the browser's storage,
// so an accidental reload loses nothing: {spec, lines: [[index, line]]}.
const STORE_KEY = 'leaplab-sweep';
let saveTimer = null;

function save() {
  clearTimeout(saveTimer);
  saveTimer = null;
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ spec: plan.spec, lines: [...lines] }));
  } catch {
    // storage full or refused: the results stay on the page and can be downloaded
  }
}

function saveSoon() {
  if (!saveTimer) saveTimer = setTimeout(save, 1000);
}

// The saved runs of `spec`, if the last sweep saved was that one.
function restore(spec) {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY));
    if (saved?.spec === spec && Array.isArray(saved.lines)) return new Map(saved.lines);
  } catch {
    // unreadable: start afresh
  }
  return new Map();
}

// Keeps run `index`'s line, and gives it to the summarizer.
function addLine(index, line) {
  lines.set(index, line);
  try {
    summarizer.add(line);
  } catch (error) {
    refused ??= message(error);
  }
}

// Makes `next` the sweep shown, keeping the results if it is the same one
// and restoring those saved by an earlier visit.
function show(next) {
  if (plan?.spec !== next.spec) {
    summarizer?.free();
    summarizer = new SweepSummarizer(next.spec);
    refused = null;
    lines = new Map();
    for (const [index, line] of restore(next.spec)) addLine(index, line);
    failures = new Map();
    note = lines.size
      ? `Restored ${lines.size} of ${next.runs} runs from an earlier visit${lines.size < next.runs ? '; Run continues with the others' : ''}.`
      : null;
  }
  plan = next;
  const preset = presets.find((p) => sweepPlan(p.spec).spec === plan.spec);
  $('#preset').value = preset ? preset.id : 'custom';
  $('#preset-description').textContent = preset ? preset.description : 'Your own sweep.';
  $('#plan').textContent = `${plan.count}, each up to ${plan.budget.toLocaleString('en')} steps, on ${pool.size} worker${pool.size === 1 ? '' : 's'}.`;
  const url = new URL(location.href);
  url.search = `?${plan.spec}`;
  history.replaceState(null, '', url);
  const full = new URL(url);
  full.hash = '';
  $('#link').href = full.href;
  $('#open-full').href = full.href;
  $('#command').value = `leaplab sweep '${plan.spec}' --out sweep.jsonl`;
  const embed = new URL(full);
  embed.hash = 'embed';
  $('#embed-code').value = `<iframe src="${embed.href}" width="100%" height="900" style="border:0" title="leaplab sweep"></iframe>`;
  draw();
}

function setRunning(on) {
  $('#run').disabled = on;
  $('#cancel').disabled = !on;
  $('#clear').disabled = on || lines.size === 0;
  $('#spec').readOnly = on;
  $('#preset').disabled = on;
  $('#open-file').disabled = on;
}

function remaining() {
  const todo = [];
  for (let i = 0; i < plan.runs; i++) if (!lines.has(i)) todo.push(i);
  return todo;
}

// Forgets the sweep's results, on the page and in the browser's storage.
function clearResults() {
  lines = new Map();
  summarizer.clear();
  refused = null;
  failures = new Map();
  note = null;
  try {
    localStorage.removeItem(STORE_KEY);
  } catch {
    // storage refused: nothing was kept there
  }
  draw();
}

// Runs what is left of the sweep; once every run is done, runs it all again.
function start() {
  const next = readSpec();
  if (!next) return;
  show(next);
  if (remaining().length === 0) clearResults();
  failures = new Map();
  const todo = remaining();
  if (todo.length === 0) return;
  session = { started: performance.now(), doneAtStart: lines.size };
  note = null;
  setRunning(true);
  pool.start(plan.spec, todo);
  draw();
}

function stop(reason) {
  pool.cancel();
  session = null;
  note = reason;
  setRunning(false);
  draw();
}

pool.addEventListener('result', (event) => {
  addLine(event.detail.index, event.detail.line);
  saveSoon();
  requestDraw();
});
pool.addEventListener('failure', (event) => {
  failures.set(event.detail.index, event.detail.message);
  requestDraw();
});
pool.addEventListener('finished', () => {
  save();
  const seconds = session ? (performance.now() - session.started) / 1000 : 0;
  session = null;
  const failed = failures.size ? `; ${failures.size} failed` : '';
  note = `Done: ${lines.size} of ${plan.runs} runs in ${clock(seconds)}${failed}.`;
  setRunning(false);
  draw();
});

// Redraws at most every DRAW_EVERY_MS while results stream in.
function requestDraw() {
  if (drawTimer) return;
  const wait = Math.max(0, DRAW_EVERY_MS - (performance.now() - lastDraw));
  drawTimer = setTimeout(() => { drawTimer = null; draw(); }, wait);
}

function progressText() {
  const done = lines.size;
  if (!session) {
    if (done === 0) return 'Not run yet.';
    return done < plan.runs ? `${done} of ${plan.runs} runs done; Run continues with the others.` : `All ${plan.runs} runs done.`;
  }
  const elapsed = (performance.now() - session.started) / 1000;
  const finished = done - session.doneAtStart;
  const left = plan.runs - done;
  const eta = finished > 0 ? `, about ${clock((elapsed / finished) * left)} left` : '';
  return `${done} of ${plan.runs} runs · ${pool.workers.length} workers · ${clock(elapsed)} elapsed${eta}`;
}

function draw() {
  lastDraw = performance.now();
  if (!plan) return;
  $('#progress').max = plan.runs;
  $('#progress').value = lines.size;
  $('#progress').setAttribute('aria-valuetext', `${lines.size} of ${plan.runs} runs`);
  $('#status').textContent = session || !note ? progressText() : note;
  const all = lines.size >= plan.runs;
  $('#run').textContent = all ? 'Run again' : lines.size > 0 ? 'Resume' : 'Run';
  $('#run').title = all ? 'Clear the results and run every run again' : '';
  if (!session) $('#clear').disabled = lines.size === 0;
  $('#download').disabled = lines.size === 0;
  if (refused) {
    $('#failures').textContent = `The results cannot be summarised: ${refused}`;
    return;
  }
  const summary = summarizer.summary();
  const view = chosenView(summary);
  if (summary.x) {
    $('#no-plot').hidden = true;
    plot.update(view);
  } else {
    $('#no-plot').hidden = false;
    plot.clear();
  }
  renderFits($('#fits'), view);
  renderHeatmap($('#heatmap'), summary);
  $('#failures').textContent = [...failures].map(([i, m]) => `Run ${i} failed: ${m}`).join('\n');
  document.body.dataset.done = String(lines.size);
}

// The plot menu: steps to learn for every series, or the pick-up times of
// one series' monomials (for each series whose target has several); the
// summary as the chosen one sees it.
function chosenView(summary) {
  const menu = $('#plot-what');
  const options = [new Option('Steps to learn, every series', 'steps')];
  summary.series.forEach((s, i) => {
    if (s.pickups.length > 1) options.push(new Option(`Pick-ups of each monomial: ${s.label}`, String(i)));
  });
  const wanted = menu.value || 'steps';
  const signature = options.map((o) => o.text).join('|');
  if (menu.dataset.signature !== signature) {
    menu.replaceChildren(...options);
    menu.dataset.signature = signature;
    menu.value = options.some((o) => o.value === wanted) ? wanted : 'steps';
  }
  menu.disabled = options.length === 1;
  return menu.value === 'steps' ? summary : pickupView(summary, Number(menu.value));
}

function downloadResults() {
  const ordered = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
  download('leaplab-sweep.jsonl', `${sweepHeader(plan.spec)}\n${ordered.join('\n')}\n`, 'application/x-ndjson');
}

async function openFile(file) {
  try {
    const opened = sweepResults(await file.text());
    $('#spec').value = opened.spec;
    plan = null;
    const next = readSpec();
    show(next);
    opened.runs.forEach((index, i) => addLine(index, opened.lines[i]));
    save();
    note = `Opened ${file.name}: ${lines.size} of ${plan.runs} runs${opened.truncated ? ' (a cut-off last line left out)' : ''}.`;
    draw();
  } catch (error) {
    $('#spec-error').textContent = `${file.name}: ${message(error)}`;
  }
}

const presetSelect = $('#preset');
presetSelect.replaceChildren(
  ...presets.map((p) => new Option(p.title, p.id)),
  new Option('Your own sweep', 'custom'),
);
presetSelect.addEventListener('change', () => {
  const preset = presets.find((p) => p.id === presetSelect.value);
  if (!preset) return;
  $('#spec').value = preset.spec;
  const next = readSpec();
  if (next) show(next);
});

let editTimer = null;
$('#spec').addEventListener('input', () => {
  clearTimeout(editTimer);
  editTimer = setTimeout(() => {
    const next = readSpec();
    if (next) show(next);
  }, EDIT_DELAY_MS);
});
$('#plot-what').addEventListener('change', requestDraw);
$('#run').addEventListener('click', start);
$('#clear').addEventListener('click', clearResults);
$('#cancel').addEventListener('click', () => {
  stop(`Cancelled with ${lines.size} of ${plan.runs} runs done; Resume runs the others.`);
});
$('#download').addEventListener('click', downloadResults);
$('#open-file').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) openFile(file);
  event.target.value = '';
});
for (const id of ['#command', '#embed-code']) $(id).addEventListener('focus', (event) => event.target.select());

// Leaving while a sweep runs: save what is done and ask first.
addEventListener('beforeunload', (event) => {
  if (!plan) return;
  save();
  if (session) event.preventDefault();
});

const fromLink = location.search.slice(1);
$('#spec').value = fromLink || presets[0].spec;
const first = readSpec();
if (first) show(first);
else if (fromLink) $('#plan').textContent = 'This link holds a sweep that cannot run; fix the spec above or pick a preset.';
document.body.dataset.ready = 'true';
