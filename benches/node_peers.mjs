// leaplab wasm and TensorFlow.js (wasm backend) in Node, one measurement.
// Usage: node benches/node_peers.mjs CONFIGS_JSON NAME leaplab|tfjs PEERS_DIR
// where PEERS_DIR holds target/bench: pkg/ (leaplab's wasm-bindgen output)
// and node/node_modules (tfjs). Prints one JSON object.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { leaplabPeer, tfjsPeer } from './peers.mjs';

const [configsPath, name, peer, peersDir] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(configsPath, 'utf8'));
const cfg = spec.configs.find((c) => c.name === name);
if (!cfg) throw new Error(`no configuration ${name}`);
const dir = resolve(peersDir);

let measured;
if (peer === 'leaplab') {
  const pkg = await import(pathToFileURL(join(dir, 'pkg/leaplab.js')));
  await pkg.default({ module_or_path: readFileSync(join(dir, 'pkg/leaplab_bg.wasm')) });
  measured = leaplabPeer(pkg.Run, spec, cfg);
} else if (peer === 'tfjs') {
  const require = createRequire(join(dir, 'node/package.json'));
  const tf = require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  await tf.ready();
  measured = tfjsPeer(tf, spec, cfg);
} else {
  throw new Error(`unknown peer ${peer}`);
}
console.log(JSON.stringify({ peer: `${peer === 'tfjs' ? 'tfjs-wasm' : 'leaplab-wasm'}-node`, config: name, ...measured }));
