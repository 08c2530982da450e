// Browser benchmark of the model checks (a figure, not a test): one generated CSV of N rows with
// five sensitive attributes (sex, race, age, religion, disability — ten pairwise intersections),
// two features, a binary target, a score and a prediction (the shape of
// benches/model_checks.rs), loaded into the app in headless Chromium; prints the time of the
// whole run in the worker (summary, quality, leakage, model quality with 1000 bootstrap
// resamples, fairness with the sweep, weak segments, report), as the app itself reports it.
//   node bench-model.mjs [rows]   (default 1 000 000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChecks } from './harness.mjs';

const rows = Number(process.argv[2] || 1_000_000);

function generate(file, seed) {
  const out = fs.createWriteStream(file);
  let s = seed;
  const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
  const lines = ['sex,race,age,religion,disability,hours,region,target,score,prediction'];
  for (let r = 0; r < rows; r++) {
    const sex = next() % 2, race = next() % 5, age = 18 + (next() % 72), religion = next() % 6;
    const disability = next() % 10 === 0 ? 1 : 0;
    const hours = (next() % 6000) / 100;
    const region = next() % 8;
    const u = (next() % 1000000) / 1e6;
    const base = Math.min(1, Math.max(0, (hours / 60) * 0.6 + ((age - 18) / 72) * 0.4));
    const target = u < base ? 1 : 0;
    const noise = (next() % 1000) / 1000;
    const score = race === 3 ? 0.5 * base + 0.5 * noise : 0.85 * base + 0.15 * noise;
    lines.push(`s${sex},r${race},${age},g${religion},${disability},${hours.toFixed(2)},region_${region},${target},${score.toFixed(4)},${score >= 0.5 ? 1 : 0}`);
    if (lines.length >= 10000) { out.write(lines.join('\n') + '\n'); lines.length = 0; }
  }
  out.write(lines.join('\n') + '\n');
  return new Promise((r) => out.end(r));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-model-'));
const file = path.join(tmp, 'model.csv');
await generate(file, 0x2545f491);
const { ms, wall, report, close } = await runChecks({ reference: file });
const attributes = await report.locator('#fairness h3[data-attribute]').count();
const segments = await report.getByTestId('segments-verdict').innerText();
await close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${rows} rows, 5 sensitive attributes → ${attributes} fairness groupings`);
console.log(`checks in the worker: ${(ms / 1000).toFixed(1)} s (wall incl. report display ${wall.toFixed(1)} s)`);
console.log(segments);
