// Browser benchmark of ONNX scoring (a figure, not a test): a 100-tree random forest (depth 8)
// and a logistic regression, both on 5 float features (benches/common/onnx.rs, written by
// `cargo run --release --example bench_models`), scoring N rows in the model worker (tract, wasm).
// Each model's run ("Data drift" preset, no current file: summary, quality, and the stability
// check on the model's perturbed rows) is timed against the same run without a model; the
// difference over the rows scored (the file plus the perturbed rows) gives rows per second.
//   node bench-onnx.mjs [rows]   (default 1 000 000)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChecks, ROOT } from './harness.mjs';

const rows = Number(process.argv[2] || 1_000_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-onnx-'));
execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'bench_models', '--', tmp, String(rows)], { cwd: ROOT, stdio: 'inherit' });
const data = path.join(tmp, 'features.csv');

const plain = await runChecks({ reference: data }, { preset: 'data_drift' });
await plain.close();
for (const [name, file] of [['100-tree random forest', 'rf100.onnx'], ['logistic regression', 'lr.onnx']]) {
  const run = await runChecks({ reference: data, model: path.join(tmp, file) }, { preset: 'data_drift' });
  const summary = await run.report.getByTestId('model-summary').innerText();
  const scored = [...summary.matchAll(/\((\d+) rows\)/g)].reduce((s, m) => s + Number(m[1]), 0);
  await run.close();
  const seconds = (run.ms - plain.ms) / 1000;
  console.log(`${name}: ${scored} rows scored; run ${(run.ms / 1000).toFixed(1)} s vs ${(plain.ms / 1000).toFixed(1)} s without the model → ${Math.round(scored / seconds).toLocaleString('en')} rows/s`);
}
fs.rmSync(tmp, { recursive: true, force: true });
