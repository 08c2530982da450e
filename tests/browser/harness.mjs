// Shared set-up for the browser tests and the benchmark: Debian's Chromium driven by
// playwright-core (it downloads no browser), and the built site served on 127.0.0.1.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.PLUMBLINE_DIST || path.join(ROOT, 'dist');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export async function serve(dir = DIST, base = '/') {
  const server = await startServer(dir, 0, base);
  const { port } = server.address();
  return { server, origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${base}` };
}

/// Opens the app and records every request and every CSP complaint of the page and its workers.
export async function openApp(browser, url) {
  const context = await browser.newContext({ acceptDownloads: true });
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  await page.getByTestId('demo').waitFor();
  // The worker says it is ready by enabling the demo button.
  await page.waitForFunction(() => !document.querySelector('[data-testid=demo]').disabled, null, { timeout: 60_000 });
  return { context, page, requests, problems };
}

/// For the browser benchmarks: loads `files` ({slot: path}) into the app, runs the checks and
/// returns the worker's own time (ms), the wall time (s) and the report frame, with a `close`.
export async function runChecks(files, { preset } = {}) {
  const browser = await launch();
  const site = await serve();
  const page = await (await browser.newContext()).newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => !document.querySelector('[data-testid=demo]').disabled, null, { timeout: 60_000 });
  if (Object.keys(files).some((slot) => slot !== 'reference' && slot !== 'current')) {
    await page.getByTestId('more-inputs').locator('summary').click();
  }
  for (const [slot, file] of Object.entries(files)) {
    await page.getByTestId(`file-${slot}`).setInputFiles(file);
    await page.locator(`section[data-slot=${slot}][data-state=loaded]`).waitFor({ timeout: 600_000 });
  }
  if (preset) await page.getByTestId('preset').selectOption(preset);
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await page.getByTestId('report').waitFor({ timeout: 1_800_000 });
  const wall = (Date.now() - t0) / 1000;
  const ms = Number(/computed in (\d+) ms/.exec(await page.getByTestId('report-status').innerText())?.[1]);
  const close = async () => { await browser.close(); site.server.close(); };
  return { ms, wall, report: page.frameLocator('[data-testid=report]'), close };
}

/// Writes the benchmarks' generated table to `file`: 12 numeric columns (every third an integer,
/// the first six floats shifted by `shift`) and 8 categorical ones, xorshift from `seed`, until
/// `rows` rows or `bytes` bytes, whichever comes first.
export function generateTable(file, { rows = Infinity, bytes = Infinity, seed = 0x2545f491, shift = 0 }) {
  const header = [...Array(12).keys()].map((i) => `num_${i}`).concat([...Array(8).keys()].map((i) => `cat_${i}`));
  const out = fs.createWriteStream(file);
  let s = seed;
  const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
  const lines = [header.join(',')];
  let size = 0;
  for (let r = 0; r < rows && size < bytes; r++) {
    const row = [];
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 0) row.push(String(next() % 100000));
      else row.push(((next() % 1000000) / 997 - 300 + (i < 6 ? shift : 0)).toFixed(4));
    }
    for (let i = 0; i < 8; i++) row.push(`category_${i}_${next() % (5 + i * 7)}`);
    const line = row.join(',');
    size += line.length + 1;
    lines.push(line);
    if (lines.length >= 10000) { out.write(lines.join('\n') + '\n'); lines.length = 0; }
  }
  out.write(lines.join('\n') + '\n');
  return new Promise((r) => out.end(r));
}
