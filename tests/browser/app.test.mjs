// End-to-end tests of the built app (`trunk build --release` → dist/) in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve, openApp, ROOT, DIST } from './harness.mjs';

let browser, site;
before(async () => {
  browser = await launch();
  site = await serve();
});
after(async () => {
  await browser?.close();
  site?.server.close();
});

const fixture = (...p) => path.join(ROOT, 'tests', ...p);

/// After start-up the page may fetch only files of the built site (the worker script for the
/// hashing helper, the demo data): never anything else, never a user's file.
function assertStaticOnly(paths) {
  for (const p of paths) {
    const file = path.join(DIST, decodeURIComponent(p));
    assert.ok(file.startsWith(DIST) && fs.existsSync(file) && fs.statSync(file).isFile(), `not a static file of the site: ${p}`);
  }
}

async function waitLoaded(page, slot) {
  await page.locator(`section[data-slot=${slot}][data-state=loaded]`).waitFor({ timeout: 60_000 });
}

async function waitReport(page, timeout = 60_000) {
  const frame = page.getByTestId('report');
  await frame.waitFor({ timeout });
  return page.frameLocator('[data-testid=report]');
}

test('the demo loads both Adult files in the worker and shows the report, with no request off 127.0.0.1', async () => {
  const { context, page, requests, problems } = await openApp(browser, site.url);
  const startup = requests.length;
  await page.getByTestId('demo').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor();
  await report.getByRole('heading', { name: 'Summary — current' }).waitFor();
  // Model quality of the demo's predictions, on both splits.
  await report.getByRole('heading', { name: 'Model quality' }).waitFor();
  assert.match(await report.locator('#performance tr[data-metric=accuracy]').innerText(), /0\.8530.*0\.8530/s);
  // Fairness slices on the suggested sensitive attributes.
  await report.getByRole('heading', { name: 'Fairness' }).waitFor();
  await report.locator('#fairness h3[data-attribute=sex]').waitFor();
  await report.getByRole('img', { name: 'fpr of each sex group by score threshold', includeHidden: true }).waitFor({ state: 'attached' });
  // Calibration and weak segments, found by the engine in the worker (same as the native tests).
  await report.getByRole('img', { name: /^Calibration curve/ }).waitFor();
  assert.match(await report.getByTestId('segments-verdict').innerText(), /\d+ weak segments; overall accuracy 0\.8530/);
  assert.match(await report.locator('#segments tbody tr').first().innerText(), /education = Some-college and relationship = Husband/);
  // Drift: Evidently's defaults find no drift between the Adult train and test splits.
  await report.getByRole('heading', { name: 'Drift', exact: true }).waitFor();
  assert.match(await report.getByTestId('drift-verdict').innerText(), /No data-set drift: 0 of 17 columns drifted/);
  const ageRow = report.locator('#drift tr[data-column=age]');
  assert.match(await ageRow.innerText(), /Wasserstein distance \(normed\)/);
  // A column's chart opens enlarged (the same SVG, stretched by CSS).
  // (Measure only after the click: a script evaluated in the sandboxed report frame before a
  // click makes Chromium log blocked-script warnings.)
  const chart = ageRow.getByRole('img', { name: 'age: reference and current shares' });
  await ageRow.locator('summary').click();
  await ageRow.locator('details[open]').waitFor();
  const big = await chart.evaluate((e) => e.getBoundingClientRect().width);
  assert.equal(await chart.getAttribute('width'), '140');
  assert.ok(big >= 400, `enlarged from 140 to ${big} px`);
  assert.match(await page.getByTestId('status-reference').innerText(), /32561 rows × 17 columns/);
  assert.match(await page.getByTestId('status-current').innerText(), /16281 rows × 17 columns/);
  // Roles were suggested from the names.
  assert.equal(await page.getByTestId('role-income').inputValue(), 'target');
  for (const r of requests) assert.ok(r.url.startsWith(site.origin + '/'), `request left the origin: ${r.url}`);
  const after = requests.slice(startup).map((r) => new URL(r.url).pathname);
  assertStaticOnly(after);
  assert.ok(after.includes('/demo/adult_reference.parquet') && after.includes('/demo/adult_current.parquet'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a picked CSV is summarised, both exports download, and the exported report makes no request', async () => {
  const { context, page, requests, problems } = await openApp(browser, site.url);
  const startup = requests.length;
  await page.getByTestId('file-reference').setInputFiles(fixture('fixtures', 'summary', 'mixed.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor();
  const after = requests.slice(startup).map((r) => new URL(r.url).pathname);
  assertStaticOnly(after);
  assert.ok(!after.some((p) => p.includes('mixed')), 'the local file is never requested');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-'));
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const htmlPath = path.join(tmp, 'report.html');
  await html.saveAs(htmlPath);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const jsonPath = path.join(tmp, 'report.json');
  await json.saveAs(jsonPath);

  const doc = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  for (const key of ['plumbline_version', 'config', 'inputs', 'summary']) assert.ok(key in doc, key);
  assert.equal(doc.inputs[0].file, 'mixed.csv');
  const sha = crypto.createHash('sha256').update(fs.readFileSync(fixture('fixtures', 'summary', 'mixed.csv'))).digest('hex');
  assert.equal(doc.inputs[0].sha256, sha, 'the helper worker hashes the file\'s bytes');
  const expected = JSON.parse(fs.readFileSync(fixture('fixtures', 'summary', 'mixed.expected.json'), 'utf8'));
  assert.equal(doc.summary.reference.columns.length, expected.columns.length);
  assert.equal(doc.summary.reference.columns[0].count, expected.columns[0].count);
  assert.ok(fs.readFileSync(htmlPath, 'utf8').includes('Summary — reference'));

  // Open the exported report with every request refused, and count them.
  const offline = await browser.newContext({ offline: true });
  const seen = [];
  offline.on('request', (r) => seen.push(r.url()));
  const p2 = await offline.newPage();
  await p2.goto('file://' + htmlPath);
  await p2.getByRole('heading', { name: 'Plumbline report' }).waitFor();
  assert.deepEqual(seen.filter((u) => !u.startsWith('file://')), [], 'the exported report requests nothing');
  assert.equal(seen.length, 1, 'only the report file itself is opened');
  await offline.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad file gives an error naming the file and record, then a good file works', async () => {
  const { context, page } = await openApp(browser, site.url);
  await page.getByTestId('file-reference').setInputFiles(fixture('malformed', 'ragged_too_many.csv'));
  await page.locator('section[data-slot=reference][data-state=error]').waitFor();
  const alert = await page.getByTestId('error').innerText();
  assert.match(alert, /ragged_too_many\.csv/);
  assert.match(alert, /record 4/);
  await page.getByTestId('file-reference').setInputFiles(fixture('malformed', 'crlf_bom_semicolon.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor();
  assert.equal(await page.getByTestId('error').innerText(), '');
  await context.close();
});

test('a big file shows progress and Cancel stops it; the app stays usable', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-big-'));
  const big = path.join(tmp, 'big.csv');
  const rows = ['id,x,y,label'];
  for (let i = 0; i < 1_500_000; i++) rows.push(`${i},${(i * 0.37) % 101},${i % 7 === 0 ? 'a' : 'b'},${i % 2}`);
  fs.writeFileSync(big, rows.join('\n') + '\n');
  const { context, page } = await openApp(browser, site.url);
  await page.getByTestId('file-reference').setInputFiles(big);
  const progress = page.getByTestId('progress-reference');
  await progress.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress-reference]')?.value) > 0, null, { timeout: 30_000 });
  await page.getByTestId('cancel-reference').click();
  await page.locator('section[data-slot=reference][data-state=empty]').waitFor();
  // Nothing of the cancelled file remains; a new file loads.
  await page.getByTestId('file-reference').setInputFiles(fixture('fixtures', 'summary', 'tiny.csv'));
  await waitLoaded(page, 'reference');
  assert.match(await page.getByTestId('status-reference').innerText(), /tiny\.csv — 2 rows/);
  await context.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a long run shows its progress and Cancel stops it; the inputs are read again and the next run works', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-run-'));
  const big = path.join(tmp, 'big.csv');
  const rows = ['id,a,b,c,d,e,group,label,score'];
  for (let i = 0; i < 1_000_000; i++) {
    const v = (k) => ((i * k) % 1009) / 10;
    rows.push(`${i},${v(3)},${v(7)},${v(11)},${v(13)},${v(17)},${'pqrs'[i % 4]},${i % 2},${((i * 31) % 997) / 997}`);
  }
  fs.writeFileSync(big, rows.join('\n') + '\n');
  const { context, page, problems } = await openApp(browser, site.url);
  await page.getByTestId('file-reference').setInputFiles(big);
  await waitLoaded(page, 'reference');
  await page.getByTestId('file-current').setInputFiles(big);
  await waitLoaded(page, 'current');
  await page.getByTestId('run').click();
  await page.getByTestId('run-progress').waitFor();
  // The worker reports how far the run is while it computes.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=run-progress]')?.value) > 0, null, { timeout: 60_000 });
  await page.getByTestId('cancel-run').click();
  await page.getByTestId('run-running').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('report-status').innerText(), 'Run cancelled.');
  // The stopped worker's data is gone with it: a new worker reads both files again.
  await waitLoaded(page, 'reference');
  await waitLoaded(page, 'current');
  assert.match(await page.getByTestId('status-reference').innerText(), /big\.csv — 1000000 rows/);
  assert.equal(await page.getByTestId('report').count(), 0, 'the cancelled run made no report');
  await page.getByTestId('run').click();
  await page.getByTestId('report').waitFor({ timeout: 300_000 });
  assert.match(await page.getByTestId('report-status').innerText(), /Report ready/);
  assert.deepEqual(problems, []);
  await context.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('drop a file, edit a role and a type, save the config and load it back', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  // Drag-and-drop: a real DragEvent carrying a File.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['zip,amount,label\n01234,1.5,yes\n98765,2.5,no\n00042,3,yes\n'], 'dropped.csv', { type: 'text/csv' }));
    document.querySelector('section[data-slot=reference]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await waitLoaded(page, 'reference');
  assert.match(await page.getByTestId('status-reference').innerText(), /dropped\.csv — 3 rows × 3 columns/);

  await page.getByTestId('role-label').selectOption('target');
  await page.getByLabel('Type of zip').selectOption('string');
  await waitLoaded(page, 'reference');
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor();
  // The zip codes keep their leading zeros as text (the smallest, "00042", is the column's min;
  // values held by one row are left out of the frequent-value list).
  await report.locator('td', { hasText: /^00042$/ }).first().waitFor();

  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-config').click()]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-config-'));
  const configPath = path.join(tmp, 'config.json');
  await saved.saveAs(configPath);
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  assert.equal(config.roles.target, 'label');
  assert.equal(config.types.zip, 'string');

  // A config with an unknown key is refused by name; a good one is applied.
  const bad = path.join(tmp, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ ...config, drfit: {} }));
  await page.getByTestId('load-config').setInputFiles(bad);
  await page.getByTestId('error').getByText(/drfit/).waitFor();
  config.roles.target = null;
  config.roles.id = 'zip';
  fs.writeFileSync(configPath, JSON.stringify(config));
  await page.getByTestId('load-config').setInputFiles(configPath);
  await page.waitForFunction(() => document.querySelector('[data-testid=role-zip]').value === 'id');
  // The saved config spells out its features; a column it lists nowhere is ignored.
  assert.equal(await page.getByTestId('role-label').inputValue(), 'ignored');
  assert.deepEqual(problems, []);
  await context.close();
});

/// Elements or attributes a payload would create if a data-derived string were not escaped.
const injected = () => [...document.querySelectorAll('img[src="x"], [onerror], [onload], a[href^="javascript:"], script:not([src])')]
  .filter((e) => !(e.tagName === 'SCRIPT' && e.type === 'application/json'))
  .map((e) => e.outerHTML.slice(0, 80));

test('script payloads in column names and values never execute, in the app or the exported report', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  await page.getByTestId('file-reference').setInputFiles(fixture('fixtures', 'security', 'payloads.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor();
  await report.locator('#fairness h3[data-attribute=sex]').waitFor();
  // The payloads are shown as text …
  const text = await report.locator('body').innerText();
  assert.ok(text.includes("<script>window.__pwned='header'</script>"), 'the header payload is shown as text');
  assert.ok(text.includes('onerror='), 'the value payloads are shown as text');
  // … and nothing ran or was created, in the app or in the report frame.
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await page.evaluate(injected), []);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the report frame');
  assert.equal(await frame.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await frame.evaluate(injected), []);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-xss-'));
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const htmlPath = path.join(tmp, 'report.html');
  await html.saveAs(htmlPath);
  const viewer = await browser.newContext({ offline: true });
  const dialogs = [];
  const p2 = await viewer.newPage();
  p2.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await p2.goto('file://' + htmlPath);
  await p2.getByRole('heading', { name: 'Plumbline report' }).waitFor();
  assert.equal(await p2.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await p2.evaluate(injected), []);
  assert.deepEqual(dialogs, []);
  await viewer.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a preset and a gate set in the app decide the verdict, and load back from the exported report', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  await page.getByTestId('demo').click();
  let report = await waitReport(page);
  await report.getByTestId('verdict').waitFor();
  await page.getByLabel('Checks to run').selectOption('fairness_audit');
  const gates = page.getByLabel(/Acceptance gates, one per line/);
  await gates.fill('AUC at least 0.95: performance.inputs[current].metrics.roc_auc.value >= 0.95');
  await gates.blur();
  await page.getByTestId('run').click();
  report = await waitReport(page);
  // The first (demo) run's default gates also fail: wait for this run's single gate.
  await report.getByTestId('verdict').filter({ hasText: '1 of 1' }).waitFor({ timeout: 60_000 });
  assert.match(await report.getByTestId('verdict').innerText(), /NO-GO — 1 of 1 acceptance gate failed/);
  assert.match(await report.locator('tr[data-gate="AUC at least 0.95"]').innerText(), /failed.*0\.9055/s);
  assert.equal(await report.locator('#drift').count(), 0, 'the fairness audit runs no drift check');
  await report.locator('#fairness').waitFor();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-gates-'));
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const htmlPath = path.join(tmp, 'report.html');
  await html.saveAs(htmlPath);
  // Back to the defaults, then load the settings from the exported report.
  await page.getByLabel('Checks to run').selectOption('full');
  await gates.fill('');
  await gates.blur();
  await page.getByTestId('load-config').setInputFiles(htmlPath);
  await page.waitForFunction(() => document.querySelector('[data-testid=preset]').value === 'fairness_audit');
  assert.match(await gates.inputValue(), /^AUC at least 0\.95: performance\.inputs\[current\]\.metrics\.roc_auc\.value >= 0\.95/);
  // A broken gate is refused with a message naming its line.
  await gates.fill('broken: drift.share_drifted');
  await gates.blur();
  assert.match(await page.getByTestId('error').innerText(), /gate line 1 \(“broken”\): no comparison/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the exported demo report has no accessibility violation (axe-core), light and dark', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  await page.getByTestId('demo').click();
  const report = await waitReport(page);
  await report.getByTestId('verdict').waitFor();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-axe-'));
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const htmlPath = path.join(tmp, 'report.html');
  await html.saveAs(htmlPath);
  const axe = fs.readFileSync(path.join(ROOT, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    // The report's own CSP forbids scripts; only this test's axe is let in.
    const viewer = await browser.newContext({ offline: true, bypassCSP: true, colorScheme });
    const p2 = await viewer.newPage();
    await p2.goto('file://' + htmlPath);
    await p2.addScriptTag({ content: axe });
    const violations = await p2.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.length} × ${v.nodes[0].html.slice(0, 80)}`));
    assert.deepEqual(violations, [], `${colorScheme} mode`);
    await viewer.close();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('old vs new model: columns picked in the app, then a baseline file joined by id, give the comparison', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  const comparisonFixture = (name) => fixture('fixtures', 'comparison', name);
  // One file with both models' outputs: pick the new model's roles and the old model's columns.
  await page.getByTestId('file-reference').setInputFiles(comparisonFixture('classification.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('role-pred_new').selectOption('prediction');
  await page.getByTestId('role-score_new').selectOption('score');
  await page.getByTestId('baseline-prediction').selectOption('pred_old');
  await page.getByTestId('baseline-score').selectOption('score_old');
  await page.getByLabel('group is a sensitive attribute').check();
  await page.getByTestId('run').click();
  let report = await waitReport(page);
  await report.locator('#comparison').waitFor({ timeout: 60_000 });
  const verdict = await report.getByTestId('comparison-verdict').innerText();
  assert.match(verdict, /at least as good as the baseline on every metric.*significantly worse in \d+ slices? \(e\.g\. group = d\)/s);
  const metrics = await report.getByTestId('comparison-metrics').innerText();
  assert.match(metrics, /roc auc\s+0\.8870\s+0\.9011\s+\+0\.0142/);
  assert.match(metrics, /accuracy\s+0\.8103\s+0\.8150\s+\+0\.0047.*mcnemar/s);
  assert.match(await report.getByTestId('flips').innerText(), /2113/);
  assert.match(await report.locator('tr[data-gate="No slice where the candidate is significantly worse"]').innerText(), /failed/);

  // Two files: the candidate's outputs as the reference, the old model's in the baseline slot.
  await page.getByTestId('file-reference').setInputFiles(comparisonFixture('candidate.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('baseline-prediction').selectOption('');
  await page.getByTestId('baseline-score').selectOption('');
  await page.getByTestId('more-inputs').locator('summary').click();
  await page.getByTestId('file-baseline').setInputFiles(comparisonFixture('baseline.csv'));
  await waitLoaded(page, 'baseline');
  await page.getByTestId('role-pred').selectOption('prediction');
  await page.getByTestId('role-score').selectOption('score');
  await page.getByTestId('role-id').selectOption('id');
  await page.getByTestId('role-target').selectOption('target');
  await page.getByTestId('run').click();
  report = await waitReport(page);
  await report.locator('#comparison .warn', { hasText: '2950 ids matched' }).waitFor({ timeout: 60_000 });
  const join = await report.locator('#comparison .warn').first().innerText();
  assert.match(join, /2950 ids matched; 20 only in the baseline, 50 only in the candidate; duplicate ids \(later rows not compared\): 7 baseline, 3 candidate; rows without an id: 0 baseline, 2 candidate/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('served from a sub-path by a plain static server, the app runs the demo, then again with the network gone (service worker)', async () => {
  const sub = await serve(DIST, '/tools/plumbline/');
  const { context, page, requests, problems } = await openApp(browser, sub.url);
  await page.getByTestId('demo').click();
  let report = await waitReport(page);
  await report.getByTestId('verdict').waitFor({ timeout: 60_000 });
  // The service worker has cached the site (the app, its worker and the demo data).
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(async () => {
    const cache = await caches.open((await caches.keys()).find((k) => k.startsWith('plumbline-')) ?? 'none');
    const wanted = ['./', './plumbline-worker_loader.js', './demo/adult_reference.parquet', './demo/adult_current.parquet'];
    return (await Promise.all(wanted.map((u) => cache.match(new URL(u, location.href))))).every(Boolean);
  }, null, { timeout: 60_000, polling: 250 });
  for (const r of requests) assert.ok(new URL(r.url).pathname.startsWith('/tools/plumbline/'), `outside the sub-path: ${r.url}`);
  // No network at all: the server is gone and the browser is offline.
  sub.server.closeAllConnections();
  await new Promise((resolve) => sub.server.close(resolve));
  await context.setOffline(true);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  await page.waitForFunction(() => !document.querySelector('[data-testid=demo]').disabled, null, { timeout: 60_000 });
  await page.getByTestId('demo').click();
  report = await waitReport(page);
  await report.getByTestId('verdict').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('status-reference').innerText(), /32561 rows × 17 columns/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the app screens have no accessibility violation (axe-core) and the whole flow works from the keyboard', async () => {
  const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.getByTestId('demo').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=demo]').disabled, null, { timeout: 60_000 });
  const axe = fs.readFileSync(path.join(ROOT, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axe });
  // The report frame is checked on its own (the exported-report test); here the app around it.
  const check = async (screen) => {
    const violations = await page.evaluate(async () => (await window.axe.run({ exclude: [['iframe']] }, { resultTypes: ['violations'], iframes: false })).violations
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.length} × ${v.nodes[0].html.slice(0, 100)}`));
    assert.deepEqual(violations, [], screen);
  };
  await check('start');
  // Keyboard only: Tab to the demo button, Enter; the report is announced in the live region.
  let tabs = 0;
  while (!(await page.evaluate(() => document.activeElement?.dataset?.testid === 'demo')) && tabs++ < 40) await page.keyboard.press('Tab');
  assert.ok(tabs < 40, 'the demo button is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await waitReport(page);
  await page.getByTestId('report-status').filter({ hasText: 'Report ready' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('report-status').getAttribute('aria-live'), 'polite');
  await check('report');
  // A role changed with the keyboard: focus the select, pick with the arrow keys.
  await page.getByTestId('role-age').focus();
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await page.getByTestId('role-age').inputValue(), 'feature');
  // Run again and export, from the keyboard.
  await page.getByTestId('run').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('report-status').filter({ hasText: 'Report ready' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('export-html').focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /\.html$/);
  // The file picker opens from the keyboard (its label is the visible control).
  await page.getByTestId('file-reference').focus();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(fixture('malformed', 'ragged_too_many.csv'));
  await page.getByTestId('error').filter({ hasText: 'ragged_too_many.csv' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('error').getAttribute('role'), 'alert');
  await check('error');
  await context.close();
});

test('train/serve skew: serving features joined on two key columns typed in the app, example keys in the report', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  const comparisonFixture = (name) => fixture('fixtures', 'comparison', name);
  await page.getByTestId('file-reference').setInputFiles(comparisonFixture('training.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('more-inputs').locator('summary').click();
  await page.getByTestId('file-serving').setInputFiles(comparisonFixture('serving.csv'));
  await waitLoaded(page, 'serving');
  await page.getByTestId('role-score').selectOption('score');
  await page.getByTestId('join-keys').fill('user, day');
  await page.getByTestId('join-keys').blur();
  await page.getByTestId('run').click();
  let report = await waitReport(page);
  await report.locator('#skew').waitFor({ timeout: 60_000 });
  assert.match(await report.getByTestId('skew-verdict').innerText(), /5 of 5 features differ between training and serving/);
  const rows = await report.getByTestId('skew-features').innerText();
  assert.match(rows, /city\s+1900\s+40\s+0\s+30\s+70 \(3\.6 %\)/);
  assert.match(rows, /user=527, day=2026-01-01/, 'example keys, dates as dates');
  // The key input fills skew, comparison and shadow joins alike, and is saved with the config.
  const saved = await page.evaluate(() => document.querySelector('[data-testid=join-keys]').value);
  assert.equal(saved, 'user, day');
  assert.deepEqual(problems, []);
  await context.close();
});

test('noise stability: the perturbed data exported from the app, scored by a model, loads back and gives the stability section', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  await page.getByTestId('demo').click();
  await waitReport(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-perturbed').click()]);
  assert.equal(download.suggestedFilename(), 'adult_reference-perturbed.csv');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-stability-'));
  const perturbedPath = path.join(tmp, 'perturbed.csv');
  await download.saveAs(perturbedPath);
  await page.getByTestId('report-status').filter({ hasText: 'Perturbed data downloaded (59000 rows)' }).waitFor();
  // The same rows as Parquet.
  const [pq] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-perturbed-parquet').click()]);
  assert.equal(pq.suggestedFilename(), 'adult_reference-perturbed.parquet');
  const pqPath = path.join(tmp, 'perturbed.parquet');
  await pq.saveAs(pqPath);
  const magic = fs.readFileSync(pqPath);
  assert.equal(magic.subarray(0, 4).toString(), 'PAR1');
  assert.equal(magic.subarray(magic.length - 4).toString(), 'PAR1');
  // The user's model, standing in: a logistic score of age and hours per week.
  const Papa = (await import('papaparse')).default;
  const parsed = Papa.parse(fs.readFileSync(perturbedPath, 'utf8'), { header: true, skipEmptyLines: true });
  assert.deepEqual(parsed.meta.fields.slice(0, 3), ['row_id', 'perturbation', 'age']);
  const rows = parsed.data.map((r) => {
    const z = 0.08 * (Number(r.age || 38) - 38) + 0.06 * (Number(r.hours_per_week || 40) - 40) - 1;
    const score = 1 / (1 + Math.exp(-z));
    return { ...r, score, prediction: score >= 0.5 ? 1 : 0 };
  });
  const scoredPath = path.join(tmp, 'scored.csv');
  fs.writeFileSync(scoredPath, Papa.unparse(rows));
  await page.getByTestId('more-inputs').locator('summary').click();
  await page.getByTestId('file-scored').setInputFiles(scoredPath);
  await waitLoaded(page, 'scored');
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.locator('#stability').waitFor({ timeout: 60_000 });
  const verdict = await report.getByTestId('stability-verdict').innerText();
  assert.match(verdict, /of 58 perturbations fail\. Overall flip rate [\d.]+ %.* over 58000 perturbed rows of 1000 rows/);
  // Only age and hours per week move this model: every other feature's flip rate is 0.
  const table = await report.getByTestId('stability-features').innerText();
  const lines = table.trim().split('\n').slice(1).map((l) => l.split('\t'));
  assert.match(lines[0][0], /^(age|hours_per_week)$/);
  for (const [feature, kind, , , flip] of lines) {
    if (feature !== 'age' && feature !== 'hours_per_week') assert.equal(flip, '0 %', `${feature} ${kind}`);
  }
  assert.match(await report.locator('#stability').innerText(), /The 38 least fragile perturbations, all passing, are in the JSON report/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file too large for the browser is refused before it is read, with its size, the estimate and what to do; the app stays usable', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  // A sparse 3 GB file: nothing of it is read (Chromium hands the page a File by its path).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-huge-'));
  const huge = path.join(tmp, 'huge.csv');
  fs.writeFileSync(huge, 'a,b\n');
  fs.truncateSync(huge, 3_000_000_000);
  const started = Date.now();
  await page.getByTestId('file-reference').setInputFiles(huge);
  await page.locator('section[data-slot=reference][data-state=error]').waitFor({ timeout: 60_000 });
  assert.ok(Date.now() - started < 30_000, 'refused at once, not after reading');
  assert.match(await page.getByTestId('error').innerText(),
    /huge\.csv: 3\.0 GB is too large to check in the browser: it would need about 7\.5 GB of memory.*at most 3\.8 GB.*Parquet.*plumbline check/s);
  await page.getByTestId('file-reference').setInputFiles(fixture('fixtures', 'summary', 'mixed.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor();
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a crash in the engine worker is said in the alert region, a new worker reads the files again and the app stays usable', async () => {
  // `#panic-for-test` makes the app ask the worker to panic before each run it starts.
  const { context, page, problems } = await openApp(browser, site.url + '#panic-for-test');
  await page.getByTestId('file-reference').setInputFiles(fixture('fixtures', 'summary', 'mixed.csv'));
  await waitLoaded(page, 'reference');
  await page.getByTestId('run').click();
  const alert = page.getByTestId('error');
  await alert.locator('p.error').waitFor({ timeout: 60_000 });
  assert.match(await alert.innerText(), /The engine stopped while running the checks \(.*a panic asked for by the test of the crash path.*\)\. This is a bug; a new engine was started/s);
  // The new worker reads the file again; the next run (without the panic) gives the report.
  await waitLoaded(page, 'reference');
  await page.evaluate(() => { window.location.hash = ''; });
  await page.getByTestId('run').click();
  const report = await waitReport(page);
  await report.getByRole('heading', { name: 'Summary — reference' }).waitFor({ timeout: 60_000 });
  // The only console errors are the panic's own (console_error_panic_hook logs it).
  assert.deepEqual(problems.filter((p) => !/panic|unreachable|RuntimeError/i.test(p)), []);
  await context.close();
});

test('a model loaded while the data is still being read scores every input (the model worker reads the files in flight)', async () => {
  const { context, page, problems } = await openApp(browser, site.url);
  // The data files and the model are fetched at once: the model worker starts while the data
  // is still being read, and must read those files too.
  await page.getByTestId('demo-model').click();
  await waitLoaded(page, 'current');
  await waitLoaded(page, 'model');
  const report = await waitReport(page);
  const summary = report.getByTestId('model-summary');
  await summary.waitFor({ timeout: 120_000 });
  assert.match(await summary.innerText(), /scored reference \(32561 rows\), current \(16281 rows\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an ONNX model runs in its own worker: the demo scored by it, its input mapping, stability; a bad model is named and the app stays usable', async () => {
  const { context, page, requests, problems } = await openApp(browser, site.url);
  await page.getByTestId('demo').click();
  await waitReport(page);
  assert.ok(!requests.some((r) => r.url.includes('plumbline-model-worker')), 'no model, no tract: the model worker is not downloaded');
  await page.getByTestId('demo-model').click();
  await waitLoaded(page, 'model');
  assert.match(await page.getByTestId('status-model').innerText(), /adult_model\.onnx — classifier of 0, 1, .* Inputs: age \(float × 1\)/);
  // The first model run downloads and compiles the 32 MB model worker, then scores 48 842 rows
  // and the perturbed ones (about 15 s here).
  const report = await waitReport(page, 180_000);
  await report.locator('#models').waitFor({ timeout: 120_000 });
  assert.ok(requests.some((r) => r.url.includes('plumbline-model-worker_loader.js')), 'the model worker is loaded once a model is used');
  // Every model input fed by the column of its name.
  const mapping = (await report.getByTestId('model-mapping').innerText()).trim().split('\n').slice(2);
  assert.equal(mapping.length, 13, mapping.join('\n'));
  for (const line of mapping) {
    const [input, , columns, by] = line.split('\t');
    assert.equal(columns, input);
    assert.equal(by, 'by name');
  }
  assert.match(await report.getByTestId('model-summary').innerText(), /Predictions in column model_prediction, probability of class 1 in model_score; scored reference \(32561 rows\), current \(16281 rows\), scored \(\d+ rows\)/);
  // The model's own accuracy (as scikit-learn and the native CLI compute it: 0.8524 / 0.8520).
  assert.match(await report.locator('#performance tr[data-metric=accuracy]').innerText(), /0\.8524.*0\.8520/s);
  // Noise stability with the default perturbations, scored by the model in the browser.
  assert.match(await report.getByTestId('stability-verdict').innerText(), /of \d+ perturbations fail\. Overall flip rate [\d.]+ %/);
  // A model tract cannot run: the operator is named, nothing else is lost.
  await page.getByTestId('more-inputs').locator('summary').click();
  await page.getByTestId('file-baseline_model').setInputFiles(fixture('fixtures', 'onnx', 'zipmap.onnx'));
  await page.locator('section[data-slot=baseline_model][data-state=error]').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('error').innerText(), /zipmap\.onnx: the model uses the ONNX operator ZipMap .*zipmap': False/);
  await page.getByTestId('file-baseline_model').setInputFiles(fixture('fixtures', 'onnx', 'pipeline.onnx'));
  await waitLoaded(page, 'baseline_model');
  await page.getByTestId('run').click();
  const again = await waitReport(page, 180_000);
  await again.getByTestId('baseline_model-mapping').waitFor({ timeout: 120_000 });
  await again.locator('#comparison').waitFor();
  assertStaticOnly(requests.map((r) => new URL(r.url)).filter((u) => u.pathname !== '/').map((u) => u.pathname.slice(1)));
  assert.deepEqual(problems, []);
  await context.close();
});
