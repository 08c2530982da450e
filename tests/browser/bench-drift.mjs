// Browser drift benchmark (a figure, not a test): two generated CSVs of N rows × 20 columns
// (12 numeric, 8 categorical; four float columns shifted in the current one, the shape of
// benches/drift.rs), loaded into the app in headless Chromium; prints the time of the whole
// run of the checks in the worker (summary, quality, leakage, drift with effect sizes and the
// domain classifier, report), as the app itself reports it.
//   node bench-drift.mjs [rows]   (default 1 000 000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTable, runChecks } from './harness.mjs';

const rows = Number(process.argv[2] || 1_000_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-drift-'));
const ref = path.join(tmp, 'reference.csv');
const cur = path.join(tmp, 'current.csv');
await generateTable(ref, { rows, seed: 0x2545f491, shift: 0 });
await generateTable(cur, { rows, seed: 0x1b873593, shift: 5 });
const { ms, wall, report, close } = await runChecks({ reference: ref, current: cur });
const verdict = await report.getByTestId('drift-verdict').innerText();
await close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${rows} rows × 20 columns per side`);
console.log(`checks in the worker: ${(ms / 1000).toFixed(1)} s (wall incl. report display ${wall.toFixed(1)} s)`);
console.log(verdict);
