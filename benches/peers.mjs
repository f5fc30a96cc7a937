// The JavaScript peers of the speed benchmark, shared by Node
// (benches/node_peers.mjs) and Chromium (benches/page.html): leaplab's wasm
// `Run` and the same network in TensorFlow.js. Each function trains one
// configuration of benches/configs.json for `warmup` untimed steps, then
// `steps` timed ones, and returns {steps, seconds, steps_per_second}.

/** The configuration's query string, as every leaplab peer builds it. */
export function query(spec, cfg) {
  const total = cfg.warmup + cfg.steps + 1;
  return `v=1&target=staircase(${spec.target_k})&d=${cfg.d}&width=${cfg.width}` +
    `&depth=${cfg.depth}&batch=${cfg.batch}&lr=${spec.lr}&steps=${total}` +
    `&eval_every=${total}&test_n=256`;
}

function result(steps, ms) {
  return { steps, seconds: ms / 1000, steps_per_second: (steps * 1000) / ms };
}

/** leaplab compiled to wasm: `Run` from its wasm-bindgen module. */
export function leaplabPeer(Run, spec, cfg) {
  const run = new Run(query(spec, cfg));
  run.advance(cfg.warmup);
  const start = performance.now();
  run.advance(cfg.steps);
  const ms = performance.now() - start;
  const summary = run.summary();
  if (summary.diverged_at != null) throw new Error('the run diverged');
  run.free();
  return result(cfg.steps, ms);
}

/**
 * The same network in TensorFlow.js (`tf`, its backend already set): ReLU
 * hidden layers with biases, a linear output without bias, PyTorch's
 * default initialisation, `tf.train.sgd` on the mean square loss, a fresh
 * batch of uniform ±1 inputs each step drawn by a xorshift generator in
 * JavaScript (as cheap as any), the target staircase(k).
 */
export function tfjsPeer(tf, spec, cfg) {
  const { d, width, depth, batch } = cfg;
  const k = spec.target_k;
  const uniform = (shape, fanIn) =>
    tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', 0));
  const hidden = [];
  let nIn = d;
  for (let l = 0; l < depth - 1; l++) {
    hidden.push({ w: uniform([nIn, width], nIn), b: uniform([width], nIn) });
    nIn = width;
  }
  const out = uniform([nIn, 1], nIn);
  const vars = [...hidden.flatMap((h) => [h.w, h.b]), out];
  const opt = tf.train.sgd(spec.lr);
  const xs = new Float32Array(batch * d);
  const ys = new Float32Array(batch);
  let seed = 0x2545f491;
  const sample = () => {
    for (let i = 0; i < xs.length; i += 32) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      for (let j = 0; j < 32 && i + j < xs.length; j++) xs[i + j] = (seed >>> j) & 1 ? 1 : -1;
    }
    for (let r = 0; r < batch; r++) {
      let prod = 1, sum = 0;
      for (let j = 0; j < k; j++) { prod *= xs[r * d + j]; sum += prod; }
      ys[r] = sum / Math.sqrt(k);
    }
  };
  let lastLoss = null;
  const step = () => {
    sample();
    if (lastLoss) lastLoss.dispose();
    lastLoss = tf.tidy(() => {
      const x = tf.tensor2d(xs, [batch, d]);
      const y = tf.tensor2d(ys, [batch, 1]);
      return opt.minimize(() => {
        let h = x;
        for (const { w, b } of hidden) h = tf.relu(tf.add(tf.matMul(h, w), b));
        return tf.mean(tf.square(tf.sub(tf.matMul(h, out), y)));
      }, true, vars);
    });
  };
  for (let s = 0; s < cfg.warmup; s++) step();
  lastLoss.dataSync();
  const start = performance.now();
  for (let s = 0; s < cfg.steps; s++) step();
  const loss = lastLoss.dataSync()[0];
  const ms = performance.now() - start;
  if (!Number.isFinite(loss)) throw new Error('the run diverged');
  lastLoss.dispose();
  vars.forEach((v) => v.dispose());
  opt.dispose();
  return result(cfg.steps, ms);
}
