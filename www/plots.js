// The two plots: test loss of every run against steps, and one run's
// coefficient on each monomial of its target. Drawn with uPlot.

import uPlot from './vendor/uplot/uPlot.esm.js';

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
  constructor(container, title) {
    this.container = container;
    this.title = title;
    this.plot = null;
    this.signature = '';
    new ResizeObserver(() => this.plot?.setSize({ width: widthOf(container), height: HEIGHT }))
      .observe(container);
  }

  draw(signature, makeOptions, data) {
    if (signature !== this.signature || !this.plot) {
      this.plot?.destroy();
      this.container.replaceChildren();
      this.signature = signature;
      const options = { width: widthOf(this.container), height: HEIGHT, title: this.title, ...makeOptions() };
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
  constructor(container) {
    super(container, 'Test loss');
    this.log = true;
  }

  // runs: [{label, steps, loss}]
  update(runs) {
    const positive = (v) => (this.log && !(v > 0) ? null : v);
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
    }), data);
  }
}

// Monomials beyond this many are not drawn (the legend says so).
export const MAX_COEFF_SERIES = 8;

export class CoefficientPlot extends Plot {
  constructor(container) {
    super(container, 'Coefficient on each monomial, E[f·χ_S]');
  }

  // run: {label, steps, monomials: [text], targets: [a_S], coeffs: [[...]]}
  update(run) {
    const shown = run.monomials.slice(0, MAX_COEFF_SERIES);
    this.targets = run.targets.slice(0, MAX_COEFF_SERIES);
    const data = [run.steps, ...shown.map((_, k) => run.coeffs[k])];
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
