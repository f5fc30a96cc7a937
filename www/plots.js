// The two plots: test loss of every run against steps, and one run's
// coefficient on each monomial of its target. Drawn with uPlot.

import uPlot from './vendor/uplot/uPlot.esm.js';
import { lineChartSvg } from './svg.js';

// Okabe–Ito colours, distinguishable with the common colour-vision
// deficiencies; dash patterns tell runs apart in grey too.
export const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2], [12, 6], [6, 2, 2, 2]];

const HEIGHT = 280;

function widthOf(element) {
  return Math.max(240, Math.floor(element.clientWidth));
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
class Plot {
  // height: a function giving the plot's height in pixels (the page's is fixed).
  constructor(container, title, height = () => HEIGHT) {
    this.container = container;
    this.title = title;
    this.height = height;
    this.plot = null;
    this.signature = '';
    new ResizeObserver(() => this.plot?.setSize({ width: widthOf(container), height: this.height() }))
      .observe(container);
  }

  // The plot as a standalone SVG document (see svg.js).
  svg() {
    return lineChartSvg(this.chart);
  }

  // The plot as a PNG: uPlot's canvas under the title, over a legend.
  png() {
    const source = this.plot.ctx.canvas;
    const scale = source.width / this.plot.width;
    const perRow = Math.max(1, Math.floor(this.plot.width / 180));
    const rows = Math.ceil(this.chart.series.length / perRow);
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height + (36 + rows * 22) * scale;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#111';
    ctx.font = `bold ${16 * scale}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.fillText(this.chart.title, canvas.width / 2, 22 * scale);
    ctx.drawImage(source, 0, 30 * scale);
    ctx.textAlign = 'left';
    ctx.font = `${12 * scale}px sans-serif`;
    this.chart.series.forEach((series, i) => {
      const x = (10 + (i % perRow) * (this.plot.width / perRow)) * scale;
      const y = source.height + (30 + 18 + Math.floor(i / perRow) * 22) * scale;
      ctx.strokeStyle = series.colour;
      ctx.lineWidth = 2 * scale;
      ctx.setLineDash((series.dash ?? []).map((v) => v * scale));
      ctx.beginPath();
      ctx.moveTo(x, y - 4 * scale);
      ctx.lineTo(x + 24 * scale, y - 4 * scale);
      ctx.stroke();
      ctx.fillText(series.label, x + 30 * scale, y);
    });
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  }

  draw(signature, makeOptions, data) {
    if (signature !== this.signature || !this.plot) {
      this.plot?.destroy();
      this.container.replaceChildren();
      this.signature = signature;
      const options = { width: widthOf(this.container), height: this.height(), title: this.title, ...makeOptions() };
      this.plot = new uPlot(options, data, this.container);
    } else {
      this.plot.setData(data);
    }
  }
}

// Aligns several [x[], y[]] tables on the union of their x values.
function align(tables) {
  if (tables.length === 0) return [[]];
  return uPlot.join(tables.map(([x, y]) => [x, y]));
}

export class LossPlot extends Plot {
  constructor(container, height) {
    super(container, 'Test loss', height);
    this.log = true;
  }

  // runs: [{label, steps, loss, divergedAt}]
  update(runs) {
    const positive = (v) => (!Number.isFinite(v) || (this.log && !(v > 0)) ? null : v);
    this.diverged = runs.map((r) => r.divergedAt);
    this.chart = {
      title: 'Test loss',
      xLabel: 'training step',
      yLabel: this.log ? 'test loss (log scale)' : 'test loss',
      log: this.log,
      series: runs.map((r, i) => ({
        label: r.label, x: r.steps, y: r.loss, colour: COLOURS[i % COLOURS.length], dash: DASHES[i % DASHES.length],
      })),
    };
    const data = align(runs.map((r) => [r.steps, r.loss.map(positive)]));
    const signature = `${this.log}|${runs.map((r) => r.label).join('|')}`;
    this.draw(signature, () => ({
      scales: { x: { time: false }, y: { distr: this.log ? 3 : 1 } },
      axes: [
        { label: 'training step', values: (u, vals) => vals.map(formatStep) },
        { label: this.log ? 'test loss (log scale)' : 'test loss', size: 70, values: (u, vals) => vals.map(formatLoss) },
      ],
      series: [
        { label: 'step', value: (u, v) => formatStep(v) },
        ...runs.map((r, i) => ({
          label: r.label,
          stroke: COLOURS[i % COLOURS.length],
          dash: DASHES[i % DASHES.length],
          width: 2,
          spanGaps: true,
          value: (u, v) => (v == null ? '–' : v.toPrecision(3)),
        })),
      ],
      hooks: { draw: [(u) => this.drawDivergence(u)] },
    }), data);
  }

  // Where a run diverged: a dashed vertical line in its colour, labelled.
  drawDivergence(u) {
    const { ctx } = u;
    const { top, height } = u.bbox;
    ctx.save();
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.font = `${11 * devicePixelRatio}px sans-serif`;
    this.diverged.forEach((step, i) => {
      if (step == null) return;
      const x = Math.round(u.valToPos(step, 'x', true));
      ctx.strokeStyle = ctx.fillStyle = COLOURS[i % COLOURS.length];
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.fillText(`diverged at ${formatStep(step)}`, x + 4 * devicePixelRatio, top + (14 + 14 * i) * devicePixelRatio);
    });
    ctx.restore();
  }
}

// Monomials beyond this many are not drawn (the legend says so).
export const MAX_COEFF_SERIES = 8;

export class CoefficientPlot extends Plot {
  constructor(container, height) {
    super(container, 'Coefficient on each term of the target', height);
  }

  // run: {label, steps, monomials: [text], targets: [a_S], coeffs: [[...]]}
  update(run) {
    const shown = run.monomials.slice(0, MAX_COEFF_SERIES);
    this.targets = run.targets.slice(0, MAX_COEFF_SERIES);
    const data = [run.steps, ...shown.map((_, k) => run.coeffs[k])];
    this.chart = {
      title: `Coefficients of ${run.label}`,
      xLabel: 'training step',
      yLabel: 'coefficient (dashed: target)',
      log: false,
      series: shown.map((m, k) => ({ label: m, x: run.steps, y: run.coeffs[k], colour: COLOURS[k % COLOURS.length] })),
      levels: this.targets.map((y, k) => ({ y, colour: COLOURS[k % COLOURS.length] })),
    };
    const signature = `${run.label}|${shown.join(',')}`;
    this.draw(signature, () => ({
      scales: {
        x: { time: false },
        // keep the targets' levels in view from the start
        y: { range: (u, lo, hi) => [Math.min(lo, 0, ...this.targets) - 0.05, Math.max(hi, 0, ...this.targets) + 0.05] },
      },
      axes: [
        { label: 'training step', values: (u, vals) => vals.map(formatStep) },
        { label: 'coefficient', size: 60 },
      ],
      series: [
        { label: 'step', value: (u, v) => formatStep(v) },
        ...shown.map((m, k) => ({
          label: m,
          stroke: COLOURS[k % COLOURS.length],
          width: 2,
          value: (u, v) => (v == null ? '–' : v.toFixed(3)),
        })),
      ],
      hooks: { draw: [(u) => this.drawTargets(u)] },
    }), data);
  }

  // The target's coefficient on each monomial, as a dashed level line.
  drawTargets(u) {
    const { ctx } = u;
    const { left, width } = u.bbox;
    ctx.save();
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    this.targets.forEach((a, k) => {
      if (!u.series[k + 1].show) return;
      const y = Math.round(u.valToPos(a, 'y', true));
      ctx.strokeStyle = COLOURS[k % COLOURS.length];
      ctx.beginPath();
      ctx.moveTo(left, y + (k % 3) - 1);
      ctx.lineTo(left + width, y + (k % 3) - 1);
      ctx.stroke();
    });
    ctx.restore();
  }
}

// Draws an experiment's runs — [{label, handle}] with a RunHandle each —
// into the loss plot and, for the run at `coeffIndex`, the coefficient
// plot (either plot may be null when it is not shown).
export function drawExperiment({ lossPlot, coeffPlot, runs, coeffIndex }) {
  const live = runs.filter((r) => r.handle.info);
  lossPlot?.update(live.map((r) => ({
    label: r.label,
    steps: r.handle.series.step,
    loss: r.handle.series.test_loss,
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
    });
  }
}

// The run whose coefficients are drawn when nobody chose one: the first
// whose target has several monomials (a staircase climbs visibly).
export function defaultCoefficientRun(handles) {
  return Math.max(0, handles.findIndex((h) => (h.info?.monomials.length ?? 0) > 1));
}
