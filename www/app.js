// The playground page: shared settings, the runs being compared, the plots,
// and the experiment's link. Training happens in one Web Worker per run
// (runner.js); this thread only validates input through the engine and
// draws. The URL always holds the whole experiment; loading another one
// adds a history entry (Back returns) and offers Undo.

import init, {
  engineVersion, experimentLimits, experimentLink, fieldSpecs, fieldValues, mergeQueries, parseExperiment,
} from './pkg/leaplab.js';
import { SettingsForm, splitFieldError } from './controls.js';
import { RunCard } from './cards.js';
import { keepFocusClearOf } from './focus.js';
import {
  RunHandle, continueSteps, setRunning, shareCores, showContinue, showPlay, stepCounter, withMoreSteps,
} from './runner.js';
import { UndoOffer } from './undo.js';
import { CoefficientPlot, LossPlot, MAX_COEFF_SERIES, defaultCoefficientRun, drawExperiment } from './plots.js';
import { curvesCsv, curvesJson } from './export.js';
import { download } from './download.js';
import { EmbedDialog, copyField } from './share.js';
import { ResultsLink, expectationNote } from './link-check.js';
import { showIgnored, showRunNotices } from './link-notices.js';
import { PresetMenu } from './preset-menu.js';
import { frameRequester } from './frames.js';

const EDIT_DELAY_MS = 500;
// the page is drawn at most this often (four times a second): the plots
// need no more, and the main thread stays free for the user and the
// workers keep the cores
const DRAW_INTERVAL_MS = 250;

await init();
// the most runs an experiment compares, and the plots it can show (their
// names in links and in the page's element ids)
const { maxRuns: MAX_RUNS, plots: PLOTS } = experimentLimits();

const $ = (selector) => document.querySelector(selector);

// What the page holds that changes; the rest is drawn from it, or is in
// the controls (the form, the cards, the checkboxes) and the plots' axes.
const state = {
  // one entry {card, handle, query, expectation} per run, in order; query:
  // the run's whole configuration, null while its card is invalid;
  // expectation: what the link says the run gives (see link-check.js)
  runs: [],
  // the shared settings' canonical query
  base: null,
  // the shared settings the experiment was loaded with: the form has no
  // target, so the shared target comes from here
  loadedBase: 'v=1',
  // whether the runs are to train: Run pressed, not paused, not all over
  playing: false,
  // the entry whose coefficients are drawn once a user picks one (null:
  // defaultCoefficientRun picks)
  coeffChoice: null,
};

$('#engine-version').textContent = `leaplab ${engineVersion()}`;
const form = new SettingsForm($('#settings'), fieldSpecs());
const lossPlot = new LossPlot($('#loss-plot'));
const coeffPlot = new CoefficientPlot($('#coeff-plot'));
const undo = new UndoOffer($('#undo'));
// the embed link: this experiment with the dialog's plots and autoplay;
// null while some run is invalid
const embedDialog = new EmbedDialog(PLOTS, (show, autoplay) => link({ show, autoplay }));
const resultsLink = new ResultsLink($('#link'), $('#link-results'), (expect) => link({ expect }), () => state.runs.map((r) => r.handle));
const presetMenu = new PresetMenu({ select: $('#preset'), description: $('#preset-description'), gallery: $('#gallery') }, loadPreset);
const requestDraw = frameRequester([drawLoss, drawCoefficients, drawText], DRAW_INTERVAL_MS);

function engineError(error) {
  return splitFieldError(String(error?.message ?? error));
}

function readBase() {
  try {
    state.base = mergeQueries(state.loadedBase, form.query());
    form.showError(null);
    $('#settings-error').textContent = '';
    return true;
  } catch (error) {
    const e = engineError(error);
    if (!form.showError(e)) $('#settings-error').textContent = e.message;
    return false;
  }
}

// The run's full query, or null after showing why it is invalid. The
// target is checked with the run's own d and domain, which its own
// settings may change; its analysis comes from the run's worker.
function runQuery(card) {
  const { target, changes } = card.fields();
  try {
    const query = mergeQueries(state.base, `target=${encodeURIComponent(target)}${changes ? `&${changes}` : ''}`);
    card.showError(null);
    return query;
  } catch (error) {
    card.showError(engineError(error));
    card.showAnalysis(null);
    return null;
  }
}

// (Re)starts a run from its card's current fields; a card whose fields
// are invalid has no run until they are fixed.
function restart(entry) {
  const query = runQuery(entry.card);
  entry.query = query;
  if (!query) {
    entry.handle.discard();
    return;
  }
  entry.handle.create(query);
  if (state.playing) shareCores(liveHandles());
}

// The runs that have a valid configuration (a card being fixed has none).
function liveHandles() {
  return state.runs.filter((r) => r.query).map((r) => r.handle);
}

// A new run's identity (letter and colour): the one after the last used,
// or the first free once the letters run out. A run keeps its identity
// for its lifetime, so removing one never re-letters the others.
function freshIdentity() {
  const used = state.runs.map((r) => r.card.identity);
  const next = Math.max(-1, ...used) + 1;
  if (next < MAX_RUNS) return next;
  let free = 0;
  while (used.includes(free)) free++;
  return free;
}

// fields: the card's {target, changes}; position: where it goes among the runs.
function addRun(fields, { identity = freshIdentity(), position = state.runs.length } = {}) {
  if (state.runs.length >= MAX_RUNS) return;
  const card = new RunCard($('#runs'), fields, identity);
  $('#runs').insertBefore(card.root, state.runs[position]?.card.root ?? null);
  const handle = new RunHandle();
  const entry = { card, handle, query: null };
  let timer = null;
  card.addEventListener('edit', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { restart(entry); refreshLabels(); updateLink(); requestDraw(); }, EDIT_DELAY_MS);
  });
  card.addEventListener('remove', () => removeRun(entry));
  card.addEventListener('weights', async () => {
    download(`leaplab-weights-${card.letter}.json`, await handle.weights(), 'application/json');
  });
  handle.addEventListener('update', requestDraw);
  handle.addEventListener('ready', () => {
    // a run set up before the card's fields turned invalid says nothing now
    if (!card.hasError()) card.showAnalysis(handle.info.statements, handle.info.gf2);
    requestDraw();
  });
  state.runs.splice(position, 0, entry);
  refreshLabels();
  restart(entry);
}

// Removes a run, offering Undo: the run comes back with its fields, its
// letter and its place (and starts again from step 0).
function removeRun(entry) {
  if (state.runs.length <= 1) return;
  const position = state.runs.indexOf(entry);
  const { identity, letter } = entry.card;
  const fields = entry.card.fields();
  entry.handle.terminate();
  entry.card.root.remove();
  state.runs.splice(position, 1);
  if (state.playing) shareCores(liveHandles());
  if (state.coeffChoice === entry) state.coeffChoice = null;
  refreshLabels();
  updateLink();
  requestDraw();
  undo.offer(`Removed run ${letter}.`, () => {
    const taken = state.runs.some((r) => r.card.identity === identity);
    addRun(fields, { identity: taken ? freshIdentity() : identity, position: Math.min(position, state.runs.length) });
    updateLink();
  });
}

function refreshLabels() {
  const { runs } = state;
  for (const r of runs) r.card.paint();
  for (const r of runs) r.card.remove.disabled = runs.length <= 1;
  $('#add-run').disabled = runs.length >= MAX_RUNS;
  $('#coeff-run').replaceChildren(...runs.map((r, i) => new Option(r.card.label(), String(i))));
  showPreset();
}

function coefficientRun() {
  const chosen = state.runs.indexOf(state.coeffChoice);
  return chosen >= 0 ? chosen : defaultCoefficientRun(state.runs.map((r) => r.handle));
}

// Names the preset the experiment is, with its description; once the
// experiment differs from every preset (or a run is invalid), "(your own)".
function showPreset() {
  presetMenu.show(state.runs.map((r) => r.query));
}

function shownPlots() {
  return PLOTS.filter((name) => $(`#show-${name}`).checked);
}

// The experiment's link query, with the plots shown, autoplay and each
// run's metrics hash as given (by default: the page's plots, no autoplay,
// no hashes); null while some run is invalid.
function link({ show = shownPlots().join(','), autoplay = false, expect = [] } = {}) {
  const { runs } = state;
  if (runs.some((r) => !r.query)) return null;
  return experimentLink(state.base, runs.map((r) => r.query), show, runs.indexOf(state.coeffChoice), lossPlot.log, lossPlot.logSteps, autoplay, expect);
}

// Writes the experiment into the URL (replacing, not adding, a history
// entry) and the link box; skipped while some run is invalid.
function updateLink() {
  showPreset();
  const query = link();
  if (query == null) return;
  history.replaceState(null, '', `?${query}`);
  resultsLink.refresh(true, query);
  embedDialog.update();
}

function load(experiment) {
  setPlaying(false);
  undo.dismiss();
  for (const r of state.runs.splice(0)) { r.handle.terminate(); r.card.root.remove(); }
  form.set(fieldValues(experiment.base));
  state.loadedBase = experiment.base;
  readBase();
  lossPlot.log = experiment.log;
  $('#log-scale').checked = experiment.log;
  setLogSteps(experiment.logSteps);
  for (const name of PLOTS) $(`#show-${name}`).checked = experiment.show.includes(name);
  applyShown();
  showIgnored($('#link-warnings'), experiment.ignored);
  experiment.runs.forEach((run, i) => {
    addRun({ target: run.target, changes: run.changes }, { identity: i });
    state.runs[i].expectation = run.expect && { hash: run.expect, madeBy: experiment.madeBy, query: run.query };
  });
  state.coeffChoice = state.runs[experiment.coeff] ?? null;
  showRunNotices(state.runs.map((r) => r.card), experiment.ignored, location.search);
  updateLink();
  if (experiment.autoplay) setPlaying(true);
}

// Loads a preset as a new history entry, so Back (or Undo) returns to the
// experiment it replaced, edits and all.
function loadPreset(preset) {
  history.pushState(null, '', `?${preset.link}`);
  load(parseExperiment(preset.link));
  undo.offer(`Loaded “${preset.title}”.`, () => history.back());
}

function setLogSteps(on) {
  lossPlot.logSteps = on;
  coeffPlot.logSteps = on;
  $('#log-steps').checked = on;
}

function applyShown() {
  for (const name of PLOTS) $(`#figure-${name}`).hidden = !$(`#show-${name}`).checked;
}

function setPlaying(on) {
  state.playing = on;
  setRunning(liveHandles(), on);
  showPlay($('#play'), liveHandles(), on);
}

function labelled() {
  return state.runs.map((r) => ({ label: r.card.label(), letter: r.card.letter, colour: r.card.colour, handle: r.handle }));
}

// The page is drawn in three phases, on successive frames: the loss plot,
// the coefficient plot, then the cards and the controls.
function drawLoss() {
  if ($('#show-loss').checked) drawExperiment({ lossPlot, runs: labelled() });
}

function drawCoefficients() {
  const index = coefficientRun();
  $('#coeff-run').value = String(index);
  if ($('#show-coeffs').checked) drawExperiment({ coeffPlot, runs: labelled(), coeffIndex: index });
  const monomials = state.runs[index]?.handle.info?.monomials.length ?? 0;
  $('#coeff-note').textContent = monomials > MAX_COEFF_SERIES
    ? `Showing the first ${MAX_COEFF_SERIES} of ${monomials} monomials.` : '';
}

function drawText() {
  state.runs.forEach((r) => {
    r.card.showStatus(r.handle);
    r.card.showCheck(expectationNote(r.expectation, r.query, r.handle));
  });
  resultsLink.refresh();
  const handles = liveHandles();
  const rate = handles.reduce((sum, h) => sum + (h.running ? h.stepsPerSecond : 0), 0);
  $('#stats').textContent = `${stepCounter(handles)}${rate ? ` · ${Math.round(rate).toLocaleString('en')} steps/s in all` : ''}`;
  if (state.playing && handles.every((h) => !h.running && h.over)) setPlaying(false);
  else showPlay($('#play'), handles, state.playing);
  showContinue($('#continue'), handles);
}

// Continue: every run trains on from where it ended for continueSteps
// more steps, and the budgets in the settings (and the link) grow to match,
// so the link gives the same bits when run from the start.
function continueRuns() {
  const extra = continueSteps(liveHandles());
  try {
    form.set(fieldValues(mergeQueries(state.base, `steps=${Number(fieldValues(state.base).steps) + extra}`)));
  } catch (error) {
    $('#settings-error').textContent = engineError(error).message;
    return;
  }
  if (!readBase()) return;
  for (const entry of state.runs.filter((r) => r.query)) {
    entry.card.changes.value = withMoreSteps(entry.card.fields().changes, extra);
    entry.query = runQuery(entry.card);
    if (entry.query) entry.handle.extend(extra); else entry.handle.discard();
  }
  updateLink();
  state.playing = true;
  shareCores(liveHandles());
  showPlay($('#play'), liveHandles(), true);
}

form.addEventListener('change', () => {
  if (!readBase()) return;
  for (const r of state.runs) restart(r);
  updateLink();
});

$('#play').addEventListener('click', () => setPlaying(!state.playing));
$('#continue').addEventListener('click', continueRuns);
$('#step').addEventListener('click', () => { setPlaying(false); for (const h of liveHandles()) h.step(); });
$('#reset').addEventListener('click', () => { setPlaying(false); for (const h of liveHandles()) h.reset(); });

// The seed no run uses yet, counting up from the shared one.
function unusedSeed() {
  const used = new Set(state.runs.filter((r) => r.query).map((r) => fieldValues(r.query).seed));
  let seed = BigInt(fieldValues(state.base).seed);
  while (used.has(String(seed))) seed += 1n;
  return String(seed);
}

// Add run copies the last run with a seed of its own, so it draws a
// curve of its own.
$('#add-run').addEventListener('click', () => {
  const last = state.runs.at(-1)?.card.fields() ?? { target: 'parity(2)', changes: '' };
  const others = last.changes.split('&').filter((p) => p && !p.startsWith('seed='));
  addRun({ target: last.target, changes: [...others, `seed=${unusedSeed()}`].join('&') });
  updateLink();
});
$('#log-scale').addEventListener('change', (event) => { lossPlot.log = event.target.checked; updateLink(); requestDraw(); });
$('#log-steps').addEventListener('change', (event) => { setLogSteps(event.target.checked); updateLink(); requestDraw(); });
$('#coeff-run').addEventListener('change', (event) => { state.coeffChoice = state.runs[Number(event.target.value)]; updateLink(); requestDraw(); });
for (const name of PLOTS) {
  $(`#show-${name}`).addEventListener('change', () => { applyShown(); updateLink(); requestDraw(); });
}
$('#copy-link').addEventListener('click', () => copyField($('#link'), $('#copy-status'), 'link'));
$('#export-csv').addEventListener('click', () => download('leaplab-curves.csv', curvesCsv(labelled()), 'text/csv'));
$('#export-json').addEventListener('click', () => download('leaplab-curves.json', curvesJson(labelled(), location.href), 'application/json'));
for (const [name, plot] of [['loss', lossPlot], ['coeffs', coeffPlot]]) {
  $(`#export-${name}-png`).addEventListener('click', async () => download(`leaplab-${name}.png`, await plot.png()));
  $(`#export-${name}-svg`).addEventListener('click', () => download(`leaplab-${name}.svg`, plot.svg(), 'image/svg+xml'));
}

addEventListener('popstate', () => load(parseExperiment(location.search.length > 1 ? location.search : presetMenu.defaultLink)));
keepFocusClearOf($('.toolbar'));

const testHooks = location.hash === '#test-hooks';
load(parseExperiment(location.search.length > 1 ? location.search : presetMenu.defaultLink));
if (testHooks) {
  // for the browser tests only: make run i's engine panic, on its worker's
  // thread or on a helper thread (a build with the test-hooks feature; see
  // worker.js)
  window.leaplabTest = {
    panic: (i) => state.runs[i].handle.worker.postMessage({ type: 'test-panic' }),
    panicOnHelper: (i) => state.runs[i].handle.worker.postMessage({ type: 'test-panic-helper' }),
  };
}
document.body.dataset.ready = 'true';
