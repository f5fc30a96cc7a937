// The two plots: test loss of every run against steps, and one run's
// coefficient on each monomial of its target. Drawn with uPlot.

import uPlot from './vendor/uplot/uPlot.esm.js';
import { lineChartSvg, svgToPng } from './svg.js';

// Okabe–Ito colours, distinguishable with the common colour-vision
// deficiencies: series i's colour (a run's, a monomial's, a sweep's
// series'). The playground tells runs apart by colour alone (a dotted grey
// line always means the target's level); the sweep page adds dashes.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2], [12, 6], [6, 2, 2, 2]];
export const colour = (i) => COLOURS[i % COLOURS.length];
// Series i's dash pattern, which tells series apart in grey too.
export const dash = (i) => DASHES[i % DASHES.length];
const TARGET_GREY = '#777777';

const HEIGHT = 280;

// How a plot's canvas is drawn: text size in CSS pixels, and the colours of
// text, grid lines and the background. LIGHT is uPlot's own look (the
// page's); the embed draws larger text, on either.
export const LIGHT = { fontSize: 12, ink: '#000', grid: 'rgba(0,0,0,0.07)', paper: '#fff' };
export const DARK = { fontSize: 12, ink: '#e8e8ea', grid: 'rgba(255,255,255,0.14)', paper: '#17181b' };
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// Exported PNGs are the SVG drawn this many times larger (2,000 px wide).
const PNG_SCALE = 2.5;

function widthOf(element) {
  return Math.max(160, Math.floor(element.clientWidth));
}

function formatLoss(v) {
  if (v == null) return '';
  return Math.abs(v) >= 0.01 || v === 0 ? String(+v.toPrecision(3)) : v.toExponential(0);
}

function formatStep(v) {
  return v == null ? '' : Math.round(v).toLocaleString('en');
}

// A uPlot that recreates itself when its series or scale change and keeps
// its width equal to its container's.
export class Plot {
  // height: a function giving the plot's height in pixels (the page's is
  // fixed); look: LIGHT, DARK or either with another fontSize.
  constructor(container, height = () => HEIGHT, look = LIGHT) {
    this.container = container;
    this.height = height;
    this.look = look;
    this.plot = null;
    this.signature = '';
    // refits when the container changes size, or the plot itself does
    // (its title or legend wrapping onto more lines)
    this.resized = new ResizeObserver(() => this.fit());
    this.resized.observe(container);
  }

  // Sizes the plot to its container's width and to `height()`.
  fit() {
    this.plot?.setSize({ width: widthOf(this.container), height: this.height() });
  }

  // An axis of `options` in this plot's look: its text size, the room its
  // tick values and label take (a y axis's `size` is given for 12 px text),
  // and colours.
  axis(options) {
    const { fontSize, ink, grid } = this.look;
    return {
      ...options,
      size: options.size ? Math.round(options.size * fontSize / 12) : Math.round(2.5 * fontSize + 10),
      labelSize: fontSize + 8,
      font: `${fontSize}px ${FONT}`,
      labelFont: `bold ${fontSize}px ${FONT}`,
      stroke: ink,
      grid: { stroke: grid },
      ticks: { stroke: grid },
    };
  }

  // The plot as a standalone SVG document (see svg.js).
  svg() {
    return lineChartSvg(this.chart);
  }

  // The plot as a PNG fit for slides: the SVG drawn at PNG_SCALE.
  png() {
    return svgToPng(this.svg(), PNG_SCALE);
  }

  // title: the plot's title; drawn anew when it or `signature` changes.
  draw(title, signature, makeOptions, data) {
    if (`${title}|${signature}` !== this.signature || !this.plot) {
      this.clear();
      this.signature = `${title}|${signature}`;
      const options = { width: widthOf(this.container), height: this.height(), title, ...makeOptions() };
      options.axes = options.axes.map((a) => this.axis(a));
      this.plot = new uPlot(options, data, this.container);
      this.resized.observe(this.plot.root);
    } else {
      this.plot.setData(data);
    }
  }

  // Removes the plot; the next draw makes it anew.
  clear() {
    if (this.plot) {
      this.resized.unobserve(this.plot.root);
      this.plot.destroy();
    }
    this.plot = null;
    this.signature = '';
    this.container.replaceChildren();
  }
}

// Aligns several [x[], y[]] tables on the union of their x values.
function align(tables) {
  if (tables.length === 0) return [[]];
  return uPlot.join(tables.map(([x, y]) => [x, y]));
}

// [x, ...ys] without the points a logarithmic step axis cannot show
// (step 0), or unchanged on a linear axis.
function forStepAxis(logSteps, x, ys) {
  if (!logSteps) return [x, ys];
  const keep = x.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
  return [keep.map((i) => x[i]), ys.map((y) => keep.map((i) => y[i]))];
}

const stepAxis = (logSteps) => ({
  label: logSteps ? 'training step (log scale)' : 'training step',
  values: (u, vals) => vals.map(formatStep),
});

// The marks on the loss plot: where each run counted as learned (a dot on
// its curve) and where it diverged (a vertical line), in the run's colour.
// runs: [{letter, colour, steps, loss, learnedAt, divergedAt}]
export function lossMarks(runs) {
  const marks = [];
  for (const r of runs) {
    if (r.learnedAt != null) {
      const at = r.steps.indexOf(r.learnedAt);
      marks.push({ kind: 'learned', x: r.learnedAt, y: at >= 0 ? r.loss[at] : null, colour: r.colour, text: `${r.letter} learned` });
    }
    if (r.divergedAt != null) {
      marks.push({ kind: 'diverged', x: r.divergedAt, y: null, colour: r.colour, text: `${r.letter} diverged at ${formatStep(r.divergedAt)}` });
    }
  }
  return marks;
}

export class LossPlot extends Plot {
  constructor(container, height, look) {
    super(container, height, look);
    this.log = true;
    this.logSteps = false;
  }

  // runs: [{label, letter, colour, steps, loss, learnedAt, divergedAt}]
  update(runs) {
    const positive = (v) => (!Number.isFinite(v) || (this.log && !(v > 0)) ? null : v);
    this.marks = lossMarks(runs);
    // short enough to fit beside the embed's smallest plots
    const yLabel = this.log ? 'test loss (log)' : 'test loss';
    this.chart = {
      title: 'Test loss',
      xLabel: stepAxis(this.logSteps).label,
      yLabel,
      log: this.log,
      logX: this.logSteps,
      series: runs.map((r) => ({ label: r.label, x: r.steps, y: r.loss, colour: r.colour })),
      marks: this.marks,
    };
    const data = align(runs.map((r) => {
      const [x, [y]] = forStepAxis(this.logSteps, r.steps, [r.loss.map(positive)]);
      return [x, y];
    }));
    const signature = `${this.log}|${this.logSteps}|${runs.map((r) => `${r.label}${r.colour}`).join('|')}`;
    this.draw('Test loss', signature, () => ({
      scales: { x: { time: false, distr: this.logSteps ? 3 : 1 }, y: { distr: this.log ? 3 : 1 } },
      axes: [
        stepAxis(this.logSteps),
        { label: yLabel, size: 70, values: (u, vals) => vals.map(formatLoss) },
      ],
      series: [
        { label: 'step', value: (u, v) => formatStep(v) },
        ...runs.map((r) => ({
          label: r.label,
          stroke: r.colour,
          width: 2,
          spanGaps: true,
          value: (u, v) => (v == null ? '–' : v.toPrecision(3)),
        })),
      ],
      hooks: { draw: [(u) => this.drawMarks(u)] },
    }), data);
  }

  // Each mark of lossMarks, labelled: a dot where a run was learned, a
  // vertical line where it diverged.
  drawMarks(u) {
    const { ctx } = u;
    const { top, height } = u.bbox;
    const px = devicePixelRatio;
    const label = (text, x, y) => {
      ctx.strokeStyle = this.look.paper;
      ctx.lineWidth = 2 * px;
      ctx.strokeText(text, x, y);
      ctx.fillText(text, x, y);
    };
    ctx.save();
    ctx.font = `bold ${(this.look.fontSize - 1) * px}px ${FONT}`;
    this.marks.forEach((mark, i) => {
      const x = Math.round(u.valToPos(mark.x, 'x', true));
      if (!Number.isFinite(x)) return;
      ctx.fillStyle = mark.colour;
      ctx.beginPath();
      if (mark.kind === 'learned' && mark.y != null && (!this.log || mark.y > 0)) {
        const y = u.valToPos(mark.y, 'y', true);
        ctx.arc(x, y, 6 * px, 0, 2 * Math.PI);
        ctx.strokeStyle = this.look.paper;
        ctx.lineWidth = 2 * px;
        ctx.fill();
        ctx.stroke();
        label(mark.text, x + 8 * px, y - 8 * px);
      } else {
        ctx.strokeStyle = mark.colour;
        ctx.lineWidth = 2 * px;
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        label(mark.text, x + 4 * px, top + (14 + 14 * i) * px);
      }
    });
    ctx.restore();
  }
}

// Monomials beyond this many are not drawn (the legend says so).
export const MAX_COEFF_SERIES = 8;

export class CoefficientPlot extends Plot {
  constructor(container, height, look) {
    super(container, height, look);
    this.logSteps = false;
  }

  // run: {label, steps, monomials: [text], targets: [a_S], coeffs: [[...]],
  // pickedUpAt: [step or null]}
  update(run) {
    const shown = run.monomials.slice(0, MAX_COEFF_SERIES);
    this.targets = run.targets.slice(0, MAX_COEFF_SERIES);
    this.pickups = pickupMarks(run, shown.length);
    const [steps, coeffs] = forStepAxis(this.logSteps, run.steps, shown.map((_, k) => run.coeffs[k]));
    const title = `Coefficients of run ${run.label}`;
    this.chart = {
      title,
      xLabel: stepAxis(this.logSteps).label,
      yLabel: 'coefficient (dotted grey: target)',
      log: false,
      logX: this.logSteps,
      series: shown.map((m, k) => ({ label: m, x: run.steps, y: run.coeffs[k], colour: colour(k) })),
      levels: [...new Set(this.targets)].map((y) => ({ y, text: `target ${+y.toPrecision(3)}`, colour: TARGET_GREY })),
    };
    this.draw(title, `${this.logSteps}|${shown.join(',')}`, () => ({
      scales: {
        x: { time: false, distr: this.logSteps ? 3 : 1 },
        // keep the targets' levels in view from the start
        y: { range: (u, lo, hi) => [Math.min(lo, 0, ...this.targets) - 0.05, Math.max(hi, 0, ...this.targets) + 0.05] },
      },
      axes: [
        stepAxis(this.logSteps),
        { label: 'coefficient', size: 60 },
      ],
      series: [
        { label: 'step', value: (u, v) => formatStep(v) },
        ...shown.map((m, k) => ({
          label: m,
          stroke: colour(k),
          width: 2,
          value: (u, v) => (v == null ? '–' : v.toFixed(3)),
        })),
      ],
      hooks: { draw: [(u) => this.drawTargets(u), (u) => this.drawPickups(u)] },
    }), [steps, ...coeffs]);
  }

  // A ringed dot where each monomial was picked up, labelled with its step;
  // the steps drawn are kept in the container's data-pickups.
  drawPickups(u) {
    const { ctx } = u;
    const px = devicePixelRatio;
    const drawn = [];
    ctx.save();
    ctx.font = `bold ${11 * px}px sans-serif`;
    for (const mark of this.pickups) {
      const x = u.valToPos(mark.x, 'x', true);
      const y = u.valToPos(mark.y, 'y', true);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.beginPath();
      ctx.arc(x, y, 5 * px, 0, 2 * Math.PI);
      ctx.fillStyle = mark.colour;
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2 * px;
      ctx.fill();
      ctx.stroke();
      ctx.strokeText(mark.text, x + 7 * px, y + 14 * px);
      ctx.fillText(mark.text, x + 7 * px, y + 14 * px);
      drawn.push(mark.x);
    }
    ctx.restore();
    this.container.dataset.pickups = drawn.join(',');
  }

  // The target's coefficients, each level once: a thin dotted grey line
  // labelled "target" at its right end.
  drawTargets(u) {
    const { ctx } = u;
    const { left, width } = u.bbox;
    const px = devicePixelRatio;
    ctx.save();
    ctx.lineWidth = px;
    ctx.setLineDash([2 * px, 3 * px]);
    ctx.strokeStyle = ctx.fillStyle = TARGET_GREY;
    ctx.font = `${(this.look.fontSize - 1) * px}px ${FONT}`;
    ctx.textAlign = 'right';
    for (const level of this.chart.levels) {
      const y = Math.round(u.valToPos(level.y, 'y', true));
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      ctx.fillText(level.text, left + width - 4 * px, y - 4 * px);
    }
    ctx.restore();
  }
}

// Where each of the first `shown` monomials of `run` was picked up: its
// step, its coefficient there and its colour.
function pickupMarks(run, shown) {
  const marks = [];
  (run.pickedUpAt ?? []).slice(0, shown).forEach((step, k) => {
    if (step == null) return;
    const at = run.steps.indexOf(step);
    if (at < 0) return;
    marks.push({ x: step, y: run.coeffs[k][at], colour: colour(k), text: formatStep(step) });
  });
  return marks;
}

// Draws an experiment's runs — [{label, letter, colour, handle}] with a
// RunHandle each — into the loss plot and, for the run at `coeffIndex`,
// the coefficient plot (either plot may be null when it is not shown).
export function drawExperiment({ lossPlot, coeffPlot, runs, coeffIndex }) {
  const live = runs.filter((r) => r.handle.info);
  lossPlot?.update(live.map((r) => ({
    label: r.label,
    letter: r.letter,
    colour: r.colour,
    steps: r.handle.series.step,
    loss: r.handle.series.test_loss,
    learnedAt: r.handle.summary?.learned_at,
    divergedAt: r.handle.summary?.diverged_at,
  })));
  const chosen = runs[coeffIndex];
  if (coeffPlot && chosen?.handle.info) {
    const { info, series } = chosen.handle;
    coeffPlot.update({
      label: chosen.label,
      steps: series.step,
      monomials: info.monomials,
      targets: Array.from(info.coefficients),
      coeffs: series.coeffs,
      pickedUpAt: chosen.handle.summary?.picked_up_at,
    });
  }
}

// The run whose coefficients are drawn when nobody chose one: the first
// whose target has several monomials (a staircase climbs visibly), else
// the first learned so far (its one coefficient rises), else the first.
export function defaultCoefficientRun(handles) {
  const several = handles.findIndex((h) => (h.info?.monomials.length ?? 0) > 1);
  if (several >= 0) return several;
  return Math.max(0, handles.findIndex((h) => h.summary?.learned_at != null));
}
