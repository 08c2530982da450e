// Finishes the release site that `trunk build --release` wrote to dist/ (run by `make build`;
// `make dist` adds --precompress):
//  1. optimises the first-load wasm with binaryen's wasm-opt from npm (tools/site; Debian's is too
//     old for current Rust wasm) and updates its preload integrity hash in index.html;
//  2. gives every long-lived asset a content-hashed name (boot.js, the UI and worker JS and wasm,
//     CSS, icon → name.<hash>.ext) and rewrites the references to them, so a server may cache them
//     forever; index.html, sw.js and plumbline-worker_loader.js (named in the app's wasm) keep
//     their names and are revalidated;
//  3. writes sw.js from www/sw.js: the list of app-shell files to cache and a version that is a
//     hash of every file's content (a new build is a new service worker, hence a new cache);
//  4. with --precompress, writes .gz and .br copies next to every text and wasm file, for servers
//     that serve precompressed files;
//  5. prints the sizes: the first load (HTML, JS, UI wasm, CSS) raw and gzip, and the engine worker.
//   node scripts/finish_dist.mjs dist [--precompress] [--no-opt]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || 'dist');
const precompress = process.argv.includes('--precompress');
const optimise = !process.argv.includes('--no-opt'); // `make dist` after `make build`: done already
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

// 1. wasm-opt on the UI wasm (the worker's 12 MB take binaryen.js many minutes: left as built).
const wasmOpt = path.join(ROOT, 'tools', 'site', 'node_modules', '.bin', 'wasm-opt');
const ui = path.join(dist, 'plumbline_bg.wasm');
if (!optimise) {
  // already optimised by the build step
} else if (fs.existsSync(wasmOpt) && fs.existsSync(ui)) {
  const before = fs.statSync(ui).size;
  const beforeGz = gzipSize(ui);
  const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
  execFileSync(wasmOpt, ['-Oz', ...features.map((f) => `--enable-${f}`), ui, '-o', ui], { stdio: 'inherit' });
  const after = fs.statSync(ui).size;
  console.log(`wasm-opt -Oz plumbline_bg.wasm: ${kb(before)} → ${kb(after)} raw, ${kb(beforeGz)} → ${kb(gzipSize(ui))} gzip`);
  // The preload link carries an integrity hash of the file: recompute it.
  const sri = `sha384-${crypto.createHash('sha384').update(fs.readFileSync(ui)).digest('base64')}`;
  const indexPath = path.join(dist, 'index.html');
  const html = fs.readFileSync(indexPath, 'utf8');
  const updated = html.replace(/(<link[^>]*href="\.\/plumbline_bg\.wasm"[^>]*integrity=")[^"]*(")/, `$1${sri}$2`);
  if (updated === html) throw new Error('index.html: no preload link with an integrity hash for plumbline_bg.wasm');
  fs.writeFileSync(indexPath, updated);
} else {
  console.log('wasm-opt skipped: not installed (make deps-dist), or the site was finished already');
}

// 2. Content-hashed names. Files that name others are rewritten before they are hashed.
const boot = path.join(dist, 'boot.js');
const hashed = {};
if (fs.existsSync(boot)) {
  const rename = (name) => {
    const file = path.join(dist, name);
    const bytes = fs.readFileSync(file);
    const hash = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const dot = name.lastIndexOf('.');
    const to = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
    fs.renameSync(file, path.join(dist, to));
    hashed[name] = to;
    return to;
  };
  const rewrite = (name, names) => {
    const file = path.join(dist, name);
    let text = fs.readFileSync(file, 'utf8');
    for (const n of names) {
      const next = text.split(`./${n}`).join(`./${hashed[n]}`);
      if (next === text) throw new Error(`${name}: no reference to ./${n}`);
      text = next;
    }
    fs.writeFileSync(file, text);
  };
  for (const n of ['plumbline.js', 'plumbline_bg.wasm', 'plumbline-worker.js', 'plumbline-worker_bg.wasm', 'plumbline-model-worker.js', 'plumbline-model-worker_bg.wasm', 'app.css', 'favicon.svg']) rename(n);
  rewrite('boot.js', ['plumbline.js', 'plumbline_bg.wasm']);
  rename('boot.js');
  rewrite('plumbline-worker_loader.js', ['plumbline-worker.js', 'plumbline-worker_bg.wasm']);
  rewrite('plumbline-model-worker_loader.js', ['plumbline-model-worker.js', 'plumbline-model-worker_bg.wasm']);
  rewrite('index.html', ['boot.js', 'plumbline.js', 'plumbline_bg.wasm', 'app.css', 'favicon.svg']);
  console.log(`content-hashed names: ${Object.values(hashed).join(', ')}`);
}
const named = (name) => path.join(dist, hashed[name] ?? fs.readdirSync(dist).find((f) => f.startsWith(name.replace(/\.[a-z]+$/, '.')) && f.endsWith(path.extname(name))) ?? name);

// 3. The service worker.
function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}
const all = files(dist)
  .map((p) => path.relative(dist, p).split(path.sep).join('/'))
  .filter((p) => !/\.(gz|br)$/.test(p) && p !== 'sw.js')
  .sort();
const version = crypto.createHash('sha256');
for (const p of all) version.update(p).update(crypto.createHash('sha256').update(fs.readFileSync(path.join(dist, p))).digest());
// Every file of the site, the demo data included (1 MB, fetched in the background after the
// first load), so that a second visit with no network opens the app and runs the demo. The model
// worker (tract) is left out: it is downloaded only when a model is used, and cached then.
const shell = ['./', ...all.filter((p) => !p.startsWith('plumbline-model-worker')).map((p) => `./${p}`)];
const template = fs.readFileSync(path.join(ROOT, 'www', 'sw.js'), 'utf8');
if (!template.includes("'__VERSION__'") || !template.includes('__FILES__')) throw new Error('www/sw.js: placeholders missing');
fs.writeFileSync(
  path.join(dist, 'sw.js'),
  template.replace("'__VERSION__'", `'${version.digest('hex').slice(0, 16)}'`).replace('__FILES__', JSON.stringify(shell)),
);
console.log(`sw.js: ${shell.length} app-shell files cached on the first visit`);

// 4. Precompressed copies.
if (precompress) {
  let n = 0;
  for (const p of files(dist).filter((f) => /\.(html|js|css|wasm|svg|json|md)$/.test(f))) {
    const bytes = fs.readFileSync(p);
    fs.writeFileSync(`${p}.gz`, zlib.gzipSync(bytes, { level: 9 }));
    const quality = bytes.length > 4 << 20 ? 9 : 11; // q11 on the 12 MB worker takes minutes
    fs.writeFileSync(`${p}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality } }));
    n++;
  }
  console.log(`precompressed ${n} files (.gz, .br)`);
}

// 5. Sizes.
const firstLoad = ['index.html', 'boot.js', 'plumbline.js', 'plumbline_bg.wasm', 'app.css', 'favicon.svg'].map(named);
const raw = firstLoad.reduce((s, f) => s + fs.statSync(f).size, 0);
const gz = firstLoad.reduce((s, f) => s + gzipSize(f), 0);
console.log(`first load (HTML, boot.js, plumbline.js, UI wasm, CSS, icon): ${kb(raw)} raw, ${kb(gz)} gzip (budget 1.5 MB gzip)`);
const worker = ['plumbline-worker.js', 'plumbline-worker_loader.js', 'plumbline-worker_bg.wasm'].map(named);
console.log(
  `engine worker (loaded after the page, in the background): ${kb(worker.reduce((s, f) => s + fs.statSync(f).size, 0))} raw, ${kb(worker.reduce((s, f) => s + gzipSize(f), 0))} gzip`,
);
const modelWorker = ['plumbline-model-worker.js', 'plumbline-model-worker_loader.js', 'plumbline-model-worker_bg.wasm'].map(named);
console.log(
  `model worker (tract; loaded only when an ONNX model is used): ${kb(modelWorker.reduce((s, f) => s + fs.statSync(f).size, 0))} raw, ${kb(modelWorker.reduce((s, f) => s + gzipSize(f), 0))} gzip`,
);
if (gz > 1.5 * 1024 * 1024) throw new Error('the first load exceeds the 1.5 MB gzip budget');
