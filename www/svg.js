// A line chart as a standalone SVG document, for exporting a plot as a
// vector image: axes with ticks, one polyline per series, dotted level
// lines, marks, a legend. Text is escaped, so labels cannot inject markup.
// The same document, drawn larger, is the PNG export.

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

// The ticks of a log10 axis from 10^lo to 10^hi.
function decades(lo, hi) {
  return Array.from({ length: hi - lo + 1 }, (_, k) => 10 ** (lo + k));
}

// chart: {title, xLabel, yLabel, log, logX, series: [{label, x, y, colour}],
//         levels: [{y, text, colour}], marks: [{kind: 'learned'|'diverged', x, y, colour, text}]}
export function lineChartSvg(chart) {
  const shown = ([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!chart.log || y > 0) && (!chart.logX || x > 0);
  const points = chart.series.flatMap((s) => s.x.map((x, i) => [x, s.y[i]])).filter(shown);
  const levels = (chart.levels ?? []).filter((l) => Number.isFinite(l.y));
  const xs = points.map((p) => p[0]);
  const ys = [...points.map((p) => p[1]), ...levels.map((l) => l.y)];
  const fx = chart.logX ? Math.log10 : (v) => v;
  let xlo = chart.logX ? Math.floor(fx(Math.min(...xs, 10))) : Math.min(0, ...xs);
  let xhi = chart.logX ? Math.ceil(fx(Math.max(...xs, 10))) : Math.max(1, ...xs);
  if (xhi <= xlo) { xhi = xlo + 1; }
  const f = chart.log ? Math.log10 : (v) => v;
  let ylo = ys.length ? f(Math.min(...ys)) : 0;
  let yhi = ys.length ? f(Math.max(...ys)) : 1;
  if (chart.log) { ylo = Math.floor(ylo); yhi = Math.ceil(yhi); }
  if (yhi <= ylo) { yhi = ylo + 1; }
  const px = (x) => M.left + ((fx(x) - xlo) / (xhi - xlo)) * (W - M.left - M.right);
  const py = (y) => H - M.bottom - ((f(y) - ylo) / (yhi - ylo)) * (H - M.top - M.bottom);
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`);
  for (const t of chart.logX ? decades(xlo, xhi) : niceTicks(xlo, xhi)) {
    out.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeXml(label(t))}</text>`);
  }
  const yticks = chart.log ? decades(ylo, yhi) : niceTicks(ylo, yhi);
  for (const t of yticks) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${escapeXml(label(t))}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 36}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  for (const level of levels) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(level.y)}" y2="${py(level.y)}" stroke="${level.colour}" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${W - M.right - 4}" y="${py(level.y) - 4}" text-anchor="end" fill="${level.colour}" font-size="11">${escapeXml(level.text)}</text>`);
  }
  chart.series.forEach((s) => {
    const path = s.x.map((x, i) => [x, s.y[i]]).filter(shown)
      .map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
  });
  (chart.marks ?? []).filter((m) => shown([m.x, m.y ?? 1])).forEach((m, i) => {
    if (m.kind === 'learned' && m.y != null) {
      out.push(`<circle cx="${px(m.x)}" cy="${py(m.y)}" r="6" fill="${m.colour}" stroke="#fff" stroke-width="2"/>`);
      out.push(`<text x="${px(m.x) + 8}" y="${py(m.y) - 8}" fill="${m.colour}" font-size="11" font-weight="bold" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(m.text)}</text>`);
    } else {
      out.push(`<line x1="${px(m.x)}" x2="${px(m.x)}" y1="${M.top}" y2="${H - M.bottom}" stroke="${m.colour}" stroke-width="2"/>`);
      out.push(`<text x="${px(m.x) + 4}" y="${M.top + 14 + 14 * i}" fill="${m.colour}" font-size="11" font-weight="bold" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(m.text)}</text>`);
    }
  });
  chart.series.forEach((s, i) => {
    const x = M.left + (i % 3) * 240;
    const y = H - 40 + Math.floor(i / 3) * 18;
    out.push(`<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${s.colour}" stroke-width="2"/>`);
    out.push(`<text x="${x + 30}" y="${y}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

// An SVG document as a PNG Blob, drawn `scale` times its own size.
export async function svgToPng(svg, scale) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(W * scale);
    canvas.height = Math.round(H * scale);
    canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
