// Shared set-up for the browser tests and the benchmark: Debian's Chromium driven by
// playwright-core (it downloads no browser), and the built site served on 127.0.0.1.
import { chromium } from 'playwright-core';
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
