// The engine's analysis of a target (analyzeTarget / Run.analysis) told
// in words a student can follow.

function monomialName(indices) {
  return indices.length ? indices.map((i) => `x${i}`).join('') : '1';
}

function orderText(order, limit = 6) {
  const names = order.slice(0, limit).map(monomialName);
  return names.join(' → ') + (order.length > limit ? ' → …' : '');
}

function power(d, exponent) {
  const value = d ** exponent;
  return value < 1e6 ? Math.round(value).toLocaleString('en') : value.toExponential(1);
}

// Returns [{term, text}] lines describing `a` (an analysis object).
export function describe(a) {
  const lines = [];
  lines.push({
    term: 'Merged staircase',
    text: a.msp
      ? `yes: ${orderText(a.msp_order)}. Each monomial adds at most one new coordinate, so gradient descent can climb it one step at a time.`
      : 'no: some monomial needs several new coordinates at once, and nothing of lower degree points the way.',
  });
  const exponent = a.sgd_exponent;
  lines.push({
    term: `Leap ${a.leap}`,
    text: `the hardest step adds ${a.leap} new coordinate${a.leap === 1 ? '' : 's'} at once. `
      + `Theory predicts online SGD needs about d^${exponent} ≈ ${power(a.d, exponent)} steps at d = ${a.d} (up to constants and log factors).`,
  });
  lines.push({
    term: 'Cost of symmetry',
    text: `orbit alignment ${a.gal.toExponential(1)} ≈ d^−${a.gal_exponent.toFixed(1)}. `
      + 'It measures how much the target still looks like itself after a random permutation and sign flip of the inputs; '
      + 'the smaller it is, the more work any learner with those symmetries must do.',
  });
  if (a.p !== 0.5) {
    lines.push({ term: 'Biased inputs', text: a.symmetry });
  }
  return lines;
}
