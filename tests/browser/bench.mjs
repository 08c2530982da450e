// Browser ingest benchmark (a figure, not a test): loads a generated ~100 MB CSV into the app
// in headless Chromium and prints MB/s, then parses the same file with PapaParse in the same
// page for comparison. Also reports the longest main-thread task seen while the app loads it.
//   node bench.mjs [megabytes]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTable, launch, serve, ROOT } from './harness.mjs';

const target = Number(process.argv[2] || 100) * 1e6;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-bench-'));
const file = path.join(tmp, 'bench.csv');
await generateTable(file, { bytes: target });
const bytes = fs.statSync(file).size;
const browser = await launch();
const site = await serve();
const context = await browser.newContext({ bypassCSP: true });
const page = await context.newPage();
await page.goto(site.url);
await page.waitForFunction(() => !document.querySelector('[data-testid=demo]').disabled, null, { timeout: 60_000 });
await page.evaluate(() => {
  window.__longest = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
    .observe({ type: 'longtask', buffered: false });
});
const t0 = Date.now();
await page.getByTestId('file-reference').setInputFiles(file);
await page.locator('section[data-slot=reference][data-state=loaded]').waitFor({ timeout: 600_000 });
const wall = (Date.now() - t0) / 1000;
const status = await page.getByTestId('status-reference').innerText();
const workerMs = Number(/read in (\d+) ms/.exec(status)?.[1]);
const longest = await page.evaluate(() => window.__longest);

await page.addScriptTag({ path: path.join(ROOT, 'tests/browser/node_modules/papaparse/papaparse.min.js') });
await page.evaluate(() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'papa'; document.body.append(i); });
await page.locator('#papa').setInputFiles(file);
const papaMs = await page.evaluate(() => new Promise((resolve) => {
  const f = document.querySelector('#papa').files[0];
  const t = performance.now();
  let rows = 0;
  window.Papa.parse(f, { header: true, dynamicTyping: true, skipEmptyLines: true, chunk: (r) => { rows += r.data.length; }, complete: () => resolve(performance.now() - t) });
}));
await browser.close();
site.server.close();
fs.rmSync(tmp, { recursive: true, force: true });

const mb = bytes / 1e6;
console.log(`file: ${mb.toFixed(1)} MB generated CSV (12 numeric + 8 categorical columns)`);
console.log(`plumbline (worker: chunked read, inference, Arrow; SHA-256 in a parallel helper): ${(workerMs / 1000).toFixed(2)} s = ${(mb / (workerMs / 1000)).toFixed(0)} MB/s (wall incl. UI ${wall.toFixed(2)} s)`);
console.log(`papaparse 5 (header, dynamicTyping, main thread): ${(papaMs / 1000).toFixed(2)} s = ${(mb / (papaMs / 1000)).toFixed(0)} MB/s`);
console.log(`longest main-thread task while plumbline loaded: ${longest.toFixed(0)} ms`);
