// How large a file the app loads and checks (a measurement, not a test): each file named on the
// command line (or generated CSVs of the sizes given in MB: `csv:1000`) is loaded as the reference
// in a fresh headless Chromium, and the checks run on it. Prints per file: its size, whether it
// loaded (or the message it was refused or failed with), the load and run times, and the report.
//   node largest-file.mjs csv:500 csv:1000 csv:1700 /tmp/big.parquet
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTable, launch, serve } from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-largest-'));
const site = await serve();
for (const arg of process.argv.slice(2)) {
  let file = arg;
  if (arg.startsWith('csv:')) {
    file = path.join(tmp, `generated-${arg.slice(4)}MB.csv`);
    await generateTable(file, { bytes: Number(arg.slice(4)) * 1e6 });
  }
  const mb = (fs.statSync(file).size / 1e6).toFixed(0);
  const browser = await launch();
  const page = await (await browser.newContext()).newPage();
  await page.goto(site.url);
  await page.getByTestId('demo').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=demo]').disabled, null, { timeout: 60_000 });
  const t0 = Date.now();
  await page.getByTestId('file-reference').setInputFiles(file);
  const state = await Promise.race(
    ['loaded', 'error'].map((s) => page.locator(`section[data-slot=reference][data-state=${s}]`).waitFor({ timeout: 1_800_000 }).then(() => s)),
  );
  const load = ((Date.now() - t0) / 1000).toFixed(0);
  if (state !== 'loaded') {
    console.log(`${path.basename(file)} (${mb} MB): not loaded after ${load} s: ${await page.getByTestId('error').innerText()}`);
  } else {
    const t1 = Date.now();
    await page.getByTestId('run').click();
    const outcome = await Promise.race([
      page.getByTestId('report').waitFor({ timeout: 1_800_000 }).then(() => 'report'),
      page.getByTestId('error').filter({ hasText: /\S/ }).waitFor({ timeout: 1_800_000 }).then(() => 'error'),
    ]);
    const run = ((Date.now() - t1) / 1000).toFixed(0);
    const said = outcome === 'report' ? await page.getByTestId('report-status').innerText() : await page.getByTestId('error').innerText();
    console.log(`${path.basename(file)} (${mb} MB): loaded in ${load} s (${await page.getByTestId('status-reference').innerText()}); run: ${outcome} after ${run} s: ${said}`);
  }
  await browser.close();
  if (file.startsWith(tmp)) fs.rmSync(file);
}
site.server.close();
fs.rmSync(tmp, { recursive: true, force: true });
