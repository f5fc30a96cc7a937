// A line chart as a standalone SVG document, for exporting a plot as a
// vector image: axes with ticks, one polyline per series, dashed level
// lines, a legend. Text is escaped, so labels cannot inject markup.

const W = 800;
const H = 480;
const M = { left: 80, right: 20, top: 40, bottom: 110 };

export function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
}

function niceTicks(lo, hi, count = 6) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const step = [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}

function label(v) {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4));
}

// chart: {title, xLabel, yLabel, log, series: [{label, x, y, colour, dash}],
//         levels: [{y, colour}]}
export function lineChartSvg(chart) {
  const points = chart.series.flatMap((s) => s.x.map((x, i) => [x, s.y[i]]))
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!chart.log || y > 0));
  const levels = (chart.levels ?? []).filter((l) => Number.isFinite(l.y));
  const xs = points.map((p) => p[0]);
  const ys = [...points.map((p) => p[1]), ...levels.map((l) => l.y)];
  const xlo = Math.min(0, ...xs);
  const xhi = Math.max(1, ...xs);
  const f = chart.log ? Math.log10 : (v) => v;
  let ylo = ys.length ? f(Math.min(...ys)) : 0;
  let yhi = ys.length ? f(Math.max(...ys)) : 1;
  if (chart.log) { ylo = Math.floor(ylo); yhi = Math.ceil(yhi); }
  if (yhi <= ylo) { yhi = ylo + 1; }
  const px = (x) => M.left + ((x - xlo) / (xhi - xlo)) * (W - M.left - M.right);
  const py = (y) => H - M.bottom - ((f(y) - ylo) / (yhi - ylo)) * (H - M.top - M.bottom);
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`);
  for (const t of niceTicks(xlo, xhi)) {
    out.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeXml(label(t))}</text>`);
  }
  const yticks = chart.log
    ? Array.from({ length: yhi - ylo + 1 }, (_, k) => 10 ** (ylo + k))
    : niceTicks(ylo, yhi);
  for (const t of yticks) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${escapeXml(label(t))}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 36}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  for (const level of levels) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(level.y)}" y2="${py(level.y)}" stroke="${level.colour}" stroke-dasharray="6 4"/>`);
  }
  chart.series.forEach((s) => {
    const path = s.x.map((x, i) => [x, s.y[i]])
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!chart.log || y > 0))
      .map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    const dash = s.dash?.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    out.push(`<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2"${dash}/>`);
  });
  chart.series.forEach((s, i) => {
    const x = M.left + (i % 3) * 240;
    const y = H - 40 + Math.floor(i / 3) * 18;
    const dash = s.dash?.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    out.push(`<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${s.colour}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${x + 30}" y="${y}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
