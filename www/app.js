// The playground page: shared settings, the runs being compared, the plots.
// Training happens in one Web Worker per run (runner.js); this thread
// only validates input through the engine and draws.

import init, { analyzeTarget, checkTarget, fieldSpecs, fieldValues, mergeQueries, presets } from './pkg/leaplab.js';
import { SettingsForm, splitFieldError } from './controls.js';
import { RunCard } from './cards.js';
import { RunHandle } from './runner.js';
import { CoefficientPlot, LossPlot, MAX_COEFF_SERIES } from './plots.js';

const MAX_RUNS = 8;
const EDIT_DELAY_MS = 500;

await init();

const $ = (selector) => document.querySelector(selector);
const form = new SettingsForm($('#settings'), fieldSpecs());
const lossPlot = new LossPlot($('#loss-plot'));
const coeffPlot = new CoefficientPlot($('#coeff-plot'));
const runs = [];           // {card, handle, query}
let base = null;           // the shared settings' canonical query
let playing = false;
let frameRequested = false;
let coeffChoice = null;    // the run whose coefficients are shown, once a user picks one

function engineError(error) {
  return splitFieldError(String(error?.message ?? error));
}

// Splits a preset run's fields into its target (resolved against the
// preset's base) and its other changes.
function runFields(presetBase, runQuery) {
  const target = fieldValues(mergeQueries(presetBase, runQuery)).target;
  const params = new URLSearchParams(runQuery);
  params.delete('target');
  const changes = [...params].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return { target, changes };
}

function readBase() {
  try {
    base = mergeQueries('v=1', form.query());
    form.showError(null);
    return true;
  } catch (error) {
    const e = engineError(error);
    if (!form.showError(e)) $('#settings-error').textContent = e.message;
    return false;
  }
}

// The run's full query, or null after showing why it is invalid.
function runQuery(card) {
  const { target, changes } = card.fields();
  const d = Number(fieldValues(base).d);
  const problem = checkTarget(target, d);
  if (problem) {
    card.showError({ field: 'target', message: problem.message });
    card.showAnalysis(null);
    return null;
  }
  try {
    const query = mergeQueries(base, `target=${encodeURIComponent(target)}${changes ? `&${changes}` : ''}`);
    const values = fieldValues(query);
    card.showError(null);
    card.showAnalysis(analyzeTarget(values.target, Number(values.d), Number(values.p)));
    return query;
  } catch (error) {
    card.showError(engineError(error));
    card.showAnalysis(null);
    return null;
  }
}

// (Re)starts a run from its card's current fields, if they are valid.
function restart(entry) {
  const query = runQuery(entry.card);
  if (!query) return;
  entry.query = query;
  entry.handle.create(query);
  if (playing) entry.handle.run();
}

function addRun(fields) {
  if (runs.length >= MAX_RUNS) return;
  const card = new RunCard($('#runs'), fields);
  const handle = new RunHandle();
  const entry = { card, handle, query: null };
  let timer = null;
  card.addEventListener('edit', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { restart(entry); refreshLabels(); }, EDIT_DELAY_MS);
  });
  card.addEventListener('remove', () => removeRun(entry));
  handle.addEventListener('update', requestDraw);
  handle.addEventListener('ready', requestDraw);
  runs.push(entry);
  refreshLabels();
  restart(entry);
}

function removeRun(entry) {
  if (runs.length <= 1) return;
  entry.handle.terminate();
  entry.card.root.remove();
  runs.splice(runs.indexOf(entry), 1);
  refreshLabels();
  requestDraw();
}

function refreshLabels() {
  runs.forEach((r, i) => r.card.paint(i));
  for (const r of runs) r.card.remove.disabled = runs.length <= 1;
  $('#add-run').disabled = runs.length >= MAX_RUNS;
  if (coeffChoice !== null && coeffChoice >= runs.length) coeffChoice = null;
  $('#coeff-run').replaceChildren(...runs.map((r, i) => new Option(r.card.label(i), String(i))));
}

// The run whose coefficients are drawn: the user's pick, else the first
// run whose target has several monomials (a staircase climbs visibly).
function coefficientRun() {
  if (coeffChoice !== null) return coeffChoice;
  const several = runs.findIndex((r) => (r.handle.info?.monomials.length ?? 0) > 1);
  return Math.max(0, several);
}

function load(preset) {
  for (const r of runs.splice(0)) { r.handle.terminate(); r.card.root.remove(); }
  coeffChoice = null;
  form.set(fieldValues(preset.base));
  readBase();
  $('#preset-description').textContent = preset.description;
  for (const run of preset.runs) addRun(runFields(preset.base, run));
}

function setPlaying(on) {
  playing = on;
  for (const r of runs) (on ? r.handle.run() : r.handle.pause());
  const button = $('#play');
  button.textContent = on ? 'Pause' : 'Run';
  button.setAttribute('aria-pressed', String(on));
}

function requestDraw() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => { frameRequested = false; draw(); });
}

function draw() {
  const live = runs.filter((r) => r.handle.info);
  lossPlot.update(live.map((r) => ({
    label: r.card.label(runs.indexOf(r)),
    steps: r.handle.series.step,
    loss: r.handle.series.test_loss,
  })));
  const index = coefficientRun();
  $('#coeff-run').value = String(index);
  const chosen = runs[index];
  if (chosen?.handle.info) {
    const { info, series } = chosen.handle;
    coeffPlot.update({
      label: chosen.card.label(runs.indexOf(chosen)),
      steps: series.step,
      monomials: info.monomials,
      targets: Array.from(info.coefficients),
      coeffs: series.coeffs,
    });
    $('#coeff-note').textContent = info.monomials.length > MAX_COEFF_SERIES
      ? `Showing the first ${MAX_COEFF_SERIES} of ${info.monomials.length} monomials.` : '';
  }
  runs.forEach((r) => r.card.showStatus(r.handle));
  const steps = Math.max(0, ...runs.map((r) => r.handle.summary?.steps ?? 0));
  const rate = runs.reduce((sum, r) => sum + (r.handle.running ? r.handle.stepsPerSecond : 0), 0);
  $('#stats').textContent = `step ${steps.toLocaleString('en')}${rate ? ` · ${Math.round(rate).toLocaleString('en')} steps/s in all` : ''}`;
  if (playing && runs.every((r) => !r.handle.running && (r.handle.finished || r.handle.error))) setPlaying(false);
}

form.addEventListener('change', () => {
  if (!readBase()) return;
  $('#settings-error').textContent = '';
  for (const r of runs) restart(r);
});

$('#play').addEventListener('click', () => setPlaying(!playing));
$('#step').addEventListener('click', () => { setPlaying(false); for (const r of runs) r.handle.step(); });
$('#reset').addEventListener('click', () => { setPlaying(false); for (const r of runs) r.handle.reset(); });
$('#add-run').addEventListener('click', () => {
  const last = runs[runs.length - 1]?.card.fields() ?? { target: 'parity(2)', changes: '' };
  addRun({ ...last });
});
$('#log-scale').addEventListener('change', (event) => { lossPlot.log = event.target.checked; requestDraw(); });
$('#coeff-run').addEventListener('change', (event) => { coeffChoice = Number(event.target.value); requestDraw(); });

const presetList = presets();
const presetSelect = $('#preset');
presetSelect.replaceChildren(...presetList.map((p) => new Option(p.title, p.id)));
presetSelect.addEventListener('change', () => {
  setPlaying(false);
  load(presetList.find((p) => p.id === presetSelect.value));
});

load(presetList[0]);
document.body.dataset.ready = 'true';
