// Browser benchmark of the joins by id (a figure, not a test): a candidate file (id, group, x,
// target, score, prediction) and a baseline file (id, score, prediction; reverse order, every
// 100th id unknown) of N rows each — the shape of benches/comparison.rs — loaded into the app in
// headless Chromium; prints the time of the whole "Model comparison" run in the worker (summary,
// quality, model quality with 1000 bootstrap resamples, weak segments, the 1M × 1M hash join and
// the comparison with its paired bootstrap, report), as the app reports it.
//   node bench-comparison.mjs [rows]   (default 1 000 000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChecks } from './harness.mjs';

const rows = Number(process.argv[2] || 1_000_000);

async function generate(candFile, baseFile, seed) {
  let s = seed;
  const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
  const cand = fs.createWriteStream(candFile);
  const base = [];
  let lines = ['id,group,x,target,score,prediction'];
  for (let i = 0; i < rows; i++) {
    const u = (next() % 1000000) / 1e6;
    const x = (next() % 10000) / 10000;
    const sNew = 0.8 * x + 0.2 * ((next() % 1000) / 1000);
    const sOld = 0.7 * x + 0.3 * ((next() % 1000) / 1000);
    lines.push(`${i},g${next() % 5},${x.toFixed(4)},${u < x ? 1 : 0},${sNew.toFixed(4)},${sNew >= 0.5 ? 1 : 0}`);
    base.push(`${i % 100 === 99 ? rows + i : i},${sOld.toFixed(4)},${sOld >= 0.5 ? 1 : 0}`);
    if (lines.length >= 10000) { cand.write(lines.join('\n') + '\n'); lines = []; }
  }
  cand.write(lines.join('\n') + '\n');
  await new Promise((r) => cand.end(r));
  base.reverse();
  fs.writeFileSync(baseFile, 'id,score,prediction\n' + base.join('\n') + '\n');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-comparison-'));
const [candFile, baseFile] = [path.join(tmp, 'candidate.csv'), path.join(tmp, 'baseline.csv')];
await generate(candFile, baseFile, 0x2545f491);
const { ms, wall, report, close } = await runChecks({ reference: candFile, baseline: baseFile }, { preset: 'model_comparison' });
const verdict = await report.getByTestId('comparison-verdict').innerText();
const join = await report.locator('#comparison .warn').first().innerText();
await close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${rows} × ${rows} rows joined by id: ${join}`);
console.log(`model-comparison run in the worker: ${(ms / 1000).toFixed(1)} s (wall incl. report display ${wall.toFixed(1)} s)`);
console.log(verdict);
