// The engine's analysis of a target (Run.analysis, sent by the run's worker) told
// in words a student can follow.

// A monomial's 1-based index array as target text: a coordinate repeated
// k times is the Hermite term he<k>(x<i>) (continuous inputs).
function monomialName(indices) {
  if (!indices.length) return '1';
  let name = '';
  for (let start = 0; start < indices.length;) {
    let end = start;
    while (end < indices.length && indices[end] === indices[start]) end++;
    const k = end - start;
    name += k === 1 ? `x${indices[start]}` : `he${k}(x${indices[start]})`;
    start = end;
  }
  return name;
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
  // Hermite terms (a coordinate repeated in a monomial) count their degree
  const hermite = a.monomials.some((m) => new Set(m).size < m.length);
  lines.push({
    term: 'Merged staircase',
    text: a.msp
      ? `yes: ${orderText(a.msp_order)}. Each monomial adds at most one new coordinate, so gradient descent can climb it one step at a time.`
      : `no: some monomial needs ${hermite ? 'a Hermite degree above 1 on coordinates not used before' : 'several new coordinates'} at once, and nothing of lower degree points the way.`,
  });
  const exponent = a.sgd_exponent;
  const step = hermite
    ? `brings Hermite degree ${a.leap} on coordinates not used before (he3(x1) counts 3)`
    : `adds ${a.leap} new coordinate${a.leap === 1 ? '' : 's'} at once`;
  lines.push({
    term: `Leap ${a.leap}`,
    text: `the hardest step ${step}. `
      + `Theory predicts online SGD needs about d^${exponent} ≈ ${power(a.d, exponent)} steps at d = ${a.d} (up to constants and log factors).`,
  });
  const moves = {
    'signed-permutations': 'a random permutation and sign flip of the inputs',
    permutations: 'a random permutation and sign flip of the inputs (the uniform-input figure)',
    orthogonal: 'a random rotation of the inputs',
  };
  lines.push({
    term: 'Cost of symmetry',
    text: `orbit alignment ${a.gal.toExponential(1)} ≈ d^−${a.gal_exponent.toFixed(1)}. `
      + `It measures how much the target still looks like itself after ${moves[a.group] ?? 'a symmetry of the run'}; `
      + 'the smaller it is, the more work any learner with those symmetries must do.',
  });
  lines.push({ term: 'Symmetry group', text: a.symmetry });
  return lines;
}
