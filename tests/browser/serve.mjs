// Tiny dependency-free static file server for browser tests (Node 20+, ES module).
//
//   node tests/browser/serve.mjs <dir> <port> [--base /sub/path/]
//
// or in-process:
//
//   import { startServer } from './serve.mjs';
//   const server = await startServer('www/dist', 0, '/plumbline/');
//   const port = server.address().port;
//   ...
//   server.close();
//
// Binds 127.0.0.1 only. Serves files under <dir> (index.html for directories), GET and HEAD
// only, `Cache-Control: no-cache` on every response, 403 for paths escaping the root
// (including through symlinks), 404 otherwise. Set VERBOSE=1 to log one line per request.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.parquet': 'application/octet-stream',
  '.csv': 'application/octet-stream',
  // Served as the raw gzip bytes (no Content-Encoding), so the page receives the .gz file itself.
  '.gz': 'application/gzip',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function normalizeBase(base) {
  let b = String(base ?? '/');
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

function isInside(root, p) {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Start serving `dir` on 127.0.0.1:`port` under the URL prefix `base`.
 * Resolves with the listening http.Server (port 0 picks a free port: read server.address().port).
 */
export async function startServer(dir, port, base = '/') {
  const root = await fsp.realpath(path.resolve(dir));
  if (!(await fsp.stat(root)).isDirectory()) throw new Error(`not a directory: ${dir}`);
  base = normalizeBase(base);
  const verbose = Boolean(process.env.VERBOSE);

  const server = http.createServer((req, res) => {
    const started = Date.now();
    // 'close' always fires ('finish' can be skipped when the client hangs up first).
    res.once('close', () => {
      if (verbose) {
        console.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
      }
    });
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, `500 internal error: ${err.message}\n`);
      else res.destroy(err);
    });
  });

  function send(res, status, body, headers = {}) {
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache',
      ...headers,
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, '405 method not allowed\n', { Allow: 'GET, HEAD' });
    }
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (rawPath + '/' === base) return send(res, 301, '', { Location: base });
    if (!rawPath.startsWith(base)) return send(res, 404, '404 not found\n');

    let rel;
    try {
      rel = decodeURIComponent(rawPath.slice(base.length));
    } catch {
      return send(res, 400, '400 bad request\n');
    }
    if (rel.includes('\0')) return send(res, 400, '400 bad request\n');

    // Check the lexical path first, then the real path (symlinks must not escape either).
    let file = path.resolve(root, '.' + path.sep + rel);
    if (!isInside(root, file)) return send(res, 403, '403 forbidden\n');

    let stat;
    try {
      file = await fsp.realpath(file);
      if (!isInside(root, file)) return send(res, 403, '403 forbidden\n');
      stat = await fsp.stat(file);
      if (stat.isDirectory()) {
        if (!rawPath.endsWith('/')) {
          const query = (req.url ?? '').slice(rawPath.length);
          return send(res, 301, '', { Location: rawPath + '/' + query });
        }
        file = path.join(file, 'index.html');
        stat = await fsp.stat(file);
      }
    } catch {
      return send(res, 404, '404 not found\n');
    }
    if (!stat.isFile()) return send(res, 404, '404 not found\n');

    res.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    const stream = fs.createReadStream(file);
    stream.on('error', (err) => res.destroy(err));
    stream.pipe(res);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function usage() {
  console.error('usage: node serve.mjs <dir> <port> [--base /sub/path/]');
  process.exit(2);
}

async function main(argv) {
  const positional = [];
  let base = '/';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base') {
      if (i + 1 >= argv.length) usage();
      base = argv[++i];
    } else if (argv[i].startsWith('--base=')) {
      base = argv[i].slice('--base='.length);
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 2) usage();
  const [dir, portArg] = positional;
  const port = Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage();

  let server;
  try {
    server = await startServer(dir, port, base);
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(1);
  }
  console.log(`serving ${dir} at http://127.0.0.1:${server.address().port}${normalizeBase(base)}`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

let isMain = false;
try {
  isMain = process.argv[1] !== undefined
    && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
} catch {
  isMain = false;
}
if (isMain) await main(process.argv.slice(2));
