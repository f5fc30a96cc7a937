// Exports of an experiment: its curves as CSV and JSON.

import { engineVersion } from './pkg/leaplab.js';
import { metricNames } from './runner.js';

function csvCell(value) {
  if (value == null || (typeof value === 'number' && Number.isNaN(value))) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// runs: [{label, handle}]. One row per run and evaluation, with the
// command line's columns, the run's letter and query first, and one
// coeff_<monomial> column per monomial of any run (empty where a run's
// target does not have it), then the engine's version as a last comment
// line, `# leaplab=…`, as the command line ends its CSV with `# key=value`
// lines.
export function curvesCsv(runs) {
  const live = runs.filter((r) => r.handle.info);
  const monomials = [...new Set(live.flatMap((r) => r.handle.info.monomials))];
  const rows = [['run', 'query', ...metricNames(), ...monomials.map((m) => `coeff_${m}`)].join(',')];
  for (const r of live) {
    const { series, info } = r.handle;
    for (let i = 0; i < series.step.length; i++) {
      const coeffs = monomials.map((m) => {
        const k = info.monomials.indexOf(m);
        return k < 0 ? '' : csvCell(series.coeffs[k][i]);
      });
      rows.push([csvCell(r.label), csvCell(info.query), ...metricNames().map((key) => csvCell(series[key][i])), ...coeffs].join(','));
    }
  }
  rows.push(`# leaplab=${engineVersion()}`);
  return `${rows.join('\n')}\n`;
}

// {leaplab (the engine's version), link, runs: [{label, query, monomials, summary, points: {metric: [...],
// coeffs: [[per monomial]]}}]}; missing values are null.
export function curvesJson(runs, link) {
  const clean = (values) => values.map((v) => (Number.isNaN(v) ? null : v));
  return JSON.stringify({
    leaplab: engineVersion(),
    link,
    runs: runs.filter((r) => r.handle.info).map((r) => ({
      label: r.label,
      query: r.handle.info.query,
      monomials: r.handle.info.monomials,
      summary: r.handle.summary,
      points: {
        ...Object.fromEntries(metricNames().map((key) => [key, clean(r.handle.series[key])])),
        coeffs: r.handle.series.coeffs.map(clean),
      },
    })),
  }, null, 1);
}
