// What the sweep page draws from the engine's summary (a SweepSummarizer's
// summary()): the log-log plot of median steps-to-learn with the seeds'
// spread, censored points and fitted lines; the table of fitted and
// predicted slopes; the success-rate heatmap. Nothing here computes a
// statistic.

import { element } from './dom.js';
import { Plot, colour, dash } from './plots.js';

const HEIGHT = 360;

// What the plot measures: steps to learn, or a pickupView's pick-up step.
const measureOf = (summary) => summary.measure ?? 'steps to learn';

export function formatSteps(v) {
  return v == null ? '–' : Math.round(v).toLocaleString('en');
}

function swatch(i) {
  const mark = element('span', { class: 'swatch', 'aria-hidden': 'true' });
  mark.style.background = colour(i);
  return mark;
}

// Every y value the plot must show: spreads, medians, and the budget when
// some run did not learn.
// 1, 2, 5 × powers of ten from `lo` to `hi`: the y axis's ticks.
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}

function yExtent(summary) {
  let lo = Infinity;
  let hi = 0;
  for (const s of summary.series) {
    for (const p of s.points) {
      for (const v of [p.low, p.high, p.median]) {
        if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
    }
  }
  return hi > 0 ? [lo / 1.4, hi * 1.4] : [10, summary.budget * 1.4];
}

// Median steps-to-learn against the x axis (usually d), log-log; or,
// for a view made by pickupView, each monomial's median pick-up step.
export class StepsPlot extends Plot {
  constructor(container) {
    super(container, () => HEIGHT);
    this.summary = null;
  }

  update(summary) {
    this.summary = summary;
    const xs = summary.x_values.map(Number);
    const data = [xs, ...summary.series.map((s) => s.points.map((p) => p.median ?? null))];
    const title = `Median ${measureOf(summary)}`;
    const signature = [summary.spec, ...summary.series.map((s) => s.label)].join('|');
    this.draw(title, signature, () => this.options(summary, xs), data);
  }

  options(summary, xs) {
    const xName = summary.x;
    const measure = measureOf(summary);
    const reached = summary.measure ? 'picked up' : 'learned';
    const legendValue = (si) => (u, v, _, di) => {
      if (di == null) return '';
      const p = this.summary.series[si - 1].points[di];
      if (!p || p.done === 0) return 'not run yet';
      const median = p.median_censored ? `> ${formatSteps(this.summary.budget)}`
        : p.median_diverged ? 'diverged' : formatSteps(v);
      return `${median} (${p.learned}/${p.done} ${reached})`;
    };
    return {
      scales: {
        x: { time: false, distr: 3, range: () => [Math.min(...xs) / 1.15, Math.max(...xs) * 1.15] },
        y: { distr: 3, range: () => yExtent(this.summary) },
      },
      axes: [
        // every x value of the sweep is a tick; uPlot's log filter is off
        { label: `${xName} (log scale)`, splits: () => xs, filter: (u, splits) => splits, values: (u, vals) => vals.map(String) },
        {
          label: `${measure} (log scale)`,
          size: 70,
          splits: (u) => logTicks(u.scales.y.min, u.scales.y.max),
          filter: (u, splits) => splits,
          values: (u, vals) => vals.map(formatSteps),
        },
      ],
      series: [
        { label: xName, value: (u, v) => (v == null ? '' : String(v)) },
        ...summary.series.map((s, i) => ({
          label: s.label,
          stroke: colour(i),
          dash: dash(i),
          width: 2,
          points: { show: true, size: 8, fill: colour(i) },
          value: legendValue(i + 1),
        })),
      ],
      hooks: { draw: [(u) => this.drawExtras(u)] },
    };
  }

  // Whiskers for the seeds' spread, hollow up-triangles at the budget for
  // censored medians, crosses at the budget for medians on diverged runs,
  // dashed fitted lines, and the budget itself.
  drawExtras(u) {
    const summary = this.summary;
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    const px = devicePixelRatio;
    const xs = summary.x_values.map(Number);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    const budgetY = u.valToPos(summary.budget, 'y', true);
    ctx.strokeStyle = '#777';
    ctx.lineWidth = px;
    ctx.setLineDash([2 * px, 3 * px]);
    ctx.beginPath();
    ctx.moveTo(left, budgetY);
    ctx.lineTo(left + width, budgetY);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#555';
    ctx.font = `${12 * px}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    // above the line if there is room, else below it
    const above = budgetY - top > 18 * px;
    ctx.textBaseline = above ? 'bottom' : 'top';
    ctx.fillText(`budget ${formatSteps(summary.budget)} steps`, left + 6 * px, budgetY + (above ? -5 : 5) * px);
    const n = summary.series.length;
    summary.series.forEach((s, i) => {
      if (!u.series[i + 1].show) return;
      const offset = (i - (n - 1) / 2) * 4 * px;
      ctx.strokeStyle = colour(i);
      ctx.fillStyle = colour(i);
      ctx.lineWidth = 1.5 * px;
      s.points.forEach((p, j) => {
        if (!p.done) return;
        const x = u.valToPos(xs[j], 'x', true) + offset;
        const y0 = u.valToPos(p.low, 'y', true);
        const y1 = u.valToPos(p.high, 'y', true);
        ctx.beginPath();
        ctx.moveTo(x, y0);
        ctx.lineTo(x, y1);
        ctx.moveTo(x - 3 * px, y0);
        ctx.lineTo(x + 3 * px, y0);
        if (!p.high_censored) {
          ctx.moveTo(x - 3 * px, y1);
          ctx.lineTo(x + 3 * px, y1);
        }
        ctx.stroke();
        if (p.median_censored) {
          const r = 6 * px;
          ctx.save();
          ctx.fillStyle = '#fff';
          ctx.lineWidth = 2 * px;
          ctx.beginPath();
          ctx.moveTo(x, budgetY - r);
          ctx.lineTo(x + r, budgetY + r * 0.7);
          ctx.lineTo(x - r, budgetY + r * 0.7);
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
          ctx.restore();
        }
        if (p.median_diverged) {
          const r = 5 * px;
          ctx.save();
          ctx.lineWidth = 2.5 * px;
          ctx.beginPath();
          ctx.moveTo(x - r, budgetY - r);
          ctx.lineTo(x + r, budgetY + r);
          ctx.moveTo(x + r, budgetY - r);
          ctx.lineTo(x - r, budgetY + r);
          ctx.stroke();
          ctx.restore();
        }
      });
      if (s.fit) {
        const [[x0, y0], [x1, y1]] = s.fit.line;
        ctx.save();
        ctx.globalAlpha = 0.6;
        ctx.lineWidth = 1.5 * px;
        ctx.setLineDash([6 * px, 4 * px]);
        ctx.beginPath();
        ctx.moveTo(u.valToPos(x0, 'x', true), u.valToPos(y0, 'y', true));
        ctx.lineTo(u.valToPos(x1, 'x', true), u.valToPos(y1, 'y', true));
        ctx.stroke();
        ctx.restore();
      }
    });
    ctx.restore();
  }
}

function slopeText(fit) {
  if (!fit) return '–';
  return fit.stderr == null ? `${fit.slope.toFixed(2)} (2 points)` : `${fit.slope.toFixed(2)} ± ${fit.stderr.toFixed(2)}`;
}

// The fitted slope of every series beside the slope the leap predicts.
export function renderFits(table, summary) {
  const xName = summary.x ?? 'x';
  const head = element('thead', {}, [element('tr', {}, [
    element('th', { scope: 'col', text: 'Series' }),
    element('th', { scope: 'col', text: 'Fitted slope ± s.e.' }),
    element('th', { scope: 'col', text: 'Predicted' }),
    element('th', { scope: 'col', text: 'Leap' }),
    element('th', { scope: 'col', text: 'GAL exp.' }),
    element('th', { scope: 'col', text: 'Medians fitted' }),
  ])]);
  const rows = summary.series.map((s, i) => {
    const available = s.points.filter((p) => p.done > 0).length;
    const censored = s.points.filter((p) => p.median_censored).length;
    const diverged = s.points.filter((p) => p.median_diverged).length;
    const left = [censored && `${censored} censored`, diverged && `${diverged} diverged`].filter(Boolean);
    const used = s.fit ? s.fit.points : s.points.filter((p) => p.median != null).length;
    const inFit = `${used} of ${available}${left.length ? ` (${left.join(', ')})` : ''}`;
    const predicted = s.predicted;
    return element('tr', {}, [
      element('th', { scope: 'row' }, [swatch(i), ` ${s.label}`]),
      element('td', { class: 'fitted', text: slopeText(s.fit) }),
      element('td', { class: 'predicted', text: predicted ? String(predicted.sgd_exponent) : '–' }),
      element('td', { text: predicted ? String(predicted.leap) : '–' }),
      element('td', {
        text: predicted?.gal_exponent != null ? predicted.gal_exponent.toFixed(2) : '–',
        title: predicted && predicted.gal_exponent == null ? 'not computed for biased inputs' : '',
      }),
      element('td', { text: inFit }),
    ]);
  });
  table.replaceChildren(
    element('caption', { text: `Slopes: median steps ∝ ${xName}^slope` }),
    head,
    element('tbody', {}, rows),
  );
}

// ColorBrewer "Blues": light for 0 % learned, dark for 100 %.
const BLUES = [[236, 243, 250], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]];

function blue(rate) {
  const t = Math.min(1, Math.max(0, rate)) * (BLUES.length - 1);
  const i = Math.min(BLUES.length - 2, Math.floor(t));
  const f = t - i;
  const c = BLUES[i].map((v, k) => Math.round(v + (BLUES[i + 1][k] - v) * f));
  return `rgb(${c.join(',')})`;
}

// The share of runs learned within the budget, series × x.
export function renderHeatmap(table, summary) {
  const xName = summary.x;
  const columns = xName ? summary.x_values.map((v) => `${xName} = ${v}`) : ['all runs'];
  const heads = xName ? summary.x_values : columns;
  const head = element('thead', {}, [element('tr', {}, [
    element('th', { scope: 'col', text: xName ? `Series \\ ${xName}` : 'Series' }),
    ...heads.map((c, j) => element('th', { scope: 'col', class: 'x', 'aria-label': columns[j], text: c })),
  ])]);
  const rows = summary.series.map((s, i) => element('tr', {}, [
    element('th', { scope: 'row' }, [swatch(i), ` ${s.label}`]),
    ...s.points.map((p, j) => {
      const where = `${s.label}, ${columns[j]}`;
      if (!p.done) return element('td', { class: 'cell pending', title: `${where}: not run yet`, text: '·' });
      const rate = p.success;
      const cell = element('td', {
        class: `cell${rate >= 0.5 ? ' dark' : ''}`,
        title: `${where}: ${p.learned} of ${p.done} runs learned${p.censored ? `, ${p.censored} ran out of budget` : ''}${p.diverged ? `, ${p.diverged} diverged` : ''}`,
      }, [
        element('span', { class: 'rate', text: `${Math.round(rate * 100)}%` }),
        element('small', { text: `${p.learned}/${p.done}${p.diverged ? ` ${p.diverged}↯` : ''}` }),
      ]);
      cell.style.background = blue(rate);
      return cell;
    }),
  ]));
  table.replaceChildren(
    element('caption', { text: summary.series.some((x) => x.points.some((p) => p.diverged)) ? 'Share of runs learned within the budget (↯: runs that diverged)' : 'Share of runs learned within the budget' }),
    head,
    element('tbody', {}, rows),
  );
}

// The summary seen as the pick-up times of one series' monomials: one
// curve per monomial, each with its fit and the slope its leap predicts,
// for StepsPlot and renderFits.
export function pickupView(summary, seriesIndex) {
  const s = summary.series[seriesIndex];
  return {
    ...summary,
    measure: 'pick-up step',
    series: s.pickups.map((p) => ({
      label: p.monomial,
      target: s.target,
      points: p.points,
      fit: p.fit,
      predicted: p.predicted == null ? null : { leap: p.leap, sgd_exponent: p.predicted, gal_exponent: null },
    })),
  };
}
