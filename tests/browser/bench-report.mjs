// Time for Chromium to open the 50-column report with every section (a figure, not a test):
// the file `cargo bench --bench report` leaves in the temp directory, opened from disk with the
// network off; prints its size, the time to the load event and to the first paint of the page.
//   node bench-report.mjs   (after `cargo bench --bench report`; `make bench` runs both)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './harness.mjs';

const file = path.join(os.tmpdir(), 'plumbline-report-50-columns.html');
if (!fs.existsSync(file)) {
  console.error(`${file} is missing: run \`cargo bench --bench report\` first`);
  process.exit(2);
}
const browser = await launch();
const times = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto('file://' + file, { waitUntil: 'load' });
  const load = Date.now() - t0;
  const paint = await page.evaluate(() => performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? NaN);
  times.push({ load, paint });
  await context.close();
}
await browser.close();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`report ${(fs.statSync(file).size / 1024).toFixed(0)} KB: load ${median(times.map((t) => t.load))} ms, first contentful paint ${median(times.map((t) => t.paint)).toFixed(0)} ms (median of 5, headless Chromium)`);
