// The embed page: an experiment's plots and a play button, sized to its
// frame, for a lecture page. It reads the same link as the playground and
// links back to it; `#dark` at the end of its URL draws it dark.

import init, { parseExperiment } from './pkg/leaplab.js';
import { RunHandle, setRunning, showPlay, stepCounter, threadsText } from './runner.js';
import { runLabel } from './run-label.js';
import { frameRequester } from './frames.js';
import { CoefficientPlot, DARK, LIGHT, LossPlot, colour, defaultCoefficientRun, drawExperiment } from './plots.js';

await init();

const $ = (selector) => document.querySelector(selector);
const experiment = parseExperiment(location.search);
$('#open').href = `index.html${location.search}`;
const shown = (name) => experiment.show.includes(name);
$('#loss-plot').hidden = !shown('loss');
$('#coeff-plot').hidden = !shown('coeffs');
$('#plots').classList.toggle('two', shown('loss') && shown('coeffs'));
const dark = location.hash === '#dark';
document.body.classList.toggle('dark', dark);
const look = { ...(dark ? DARK : LIGHT), fontSize: 14 };

// A plot fills its grid cell: the cell's height less the plot's title and
// legend (measured once drawn; before that, a guess).
const filling = (cell) => () => {
  const root = cell.querySelector('.uplot');
  const chrome = root ? root.offsetHeight - root.querySelector('.u-wrap').offsetHeight : 80;
  return Math.max(60, cell.clientHeight - chrome);
};
const lossPlot = shown('loss') ? new LossPlot($('#loss-plot'), filling($('#loss-plot')), look) : null;
const coeffPlot = shown('coeffs') ? new CoefficientPlot($('#coeff-plot'), filling($('#coeff-plot')), look) : null;
if (lossPlot) lossPlot.log = experiment.log;
for (const plot of [lossPlot, coeffPlot]) if (plot) plot.logSteps = experiment.logSteps;

const requestDraw = frameRequester(draw);
const runs = experiment.runs.map((run, i) => {
  const handle = new RunHandle();
  handle.create(run.query);
  handle.addEventListener('update', requestDraw);
  handle.addEventListener('ready', requestDraw);
  const letter = String.fromCharCode(65 + i);
  return { label: runLabel(letter, run.target, run.changes), letter, colour: colour(i), handle };
});

let playing = false;

function setPlaying(on) {
  playing = on;
  setRunning(runs.map((r) => r.handle), on);
  showPlay($('#play'), runs.map((r) => r.handle), playing);
}

function draw() {
  drawExperiment({
    lossPlot, coeffPlot, runs,
    coeffIndex: experiment.coeff ?? defaultCoefficientRun(runs.map((r) => r.handle)),
  });
  const learned = runs.filter((r) => r.handle.summary?.learned_at != null).map((r) => r.letter);
  $('#status').textContent = `${stepCounter(runs.map((r) => r.handle))}${learned.length ? ` · learned: ${learned.join(', ')}` : ''}`;
  // the embed is small: each run's threads are in the status's tooltip
  $('#status').title = runs.filter((r) => r.handle.summary).map((r) => `${r.letter} on ${threadsText(r.handle)}`).join('\n');
  if (playing && runs.every((r) => !r.handle.running && r.handle.over)) setPlaying(false);
  else showPlay($('#play'), runs.map((r) => r.handle), playing);
}

$('#play').addEventListener('click', () => setPlaying(!playing));
$('#reset').addEventListener('click', () => {
  setPlaying(false);
  for (const r of runs) r.handle.reset();
  requestDraw();
});
if (experiment.autoplay) setPlaying(true);
document.body.dataset.ready = 'true';
