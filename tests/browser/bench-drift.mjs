// Browser drift benchmark (a figure, not a test): two generated CSVs of N rows × 20 columns
// (12 numeric, 8 categorical; four float columns shifted in the current one, the shape of
// benches/drift.rs), loaded into the app in headless Chromium; prints the time of the whole
// run of the checks in the worker (summary, quality, leakage, drift with effect sizes and the
// domain classifier, report), as the app itself reports it.
//   node bench-drift.mjs [rows]   (default 1 000 000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChecks } from './harness.mjs';

const rows = Number(process.argv[2] || 1_000_000);

function generate(file, seed, shift) {
  const header = [...Array(12).keys()].map((i) => `num_${i}`).concat([...Array(8).keys()].map((i) => `cat_${i}`));
  const out = fs.createWriteStream(file);
  let s = seed;
  const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
  const lines = [header.join(',')];
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 0) row.push(String(next() % 100000));
      else row.push(((next() % 1000000) / 997 - 300 + (i < 6 ? shift : 0)).toFixed(4));
    }
    for (let i = 0; i < 8; i++) row.push(`category_${i}_${next() % (5 + i * 7)}`);
    lines.push(row.join(','));
    if (lines.length >= 10000) { out.write(lines.join('\n') + '\n'); lines.length = 0; }
  }
  out.write(lines.join('\n') + '\n');
  return new Promise((r) => out.end(r));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-drift-'));
const ref = path.join(tmp, 'reference.csv');
const cur = path.join(tmp, 'current.csv');
await generate(ref, 0x2545f491, 0);
await generate(cur, 0x1b873593, 5);
const { ms, wall, report, close } = await runChecks({ reference: ref, current: cur });
const verdict = await report.getByTestId('drift-verdict').innerText();
await close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${rows} rows × 20 columns per side`);
console.log(`checks in the worker: ${(ms / 1000).toFixed(1)} s (wall incl. report display ${wall.toFixed(1)} s)`);
console.log(verdict);
