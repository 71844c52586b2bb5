// A tiny static file server for the site in www/ (node builtins only).
//
//   node scripts/static-server.mjs [--root www] [--host 127.0.0.1] [--port 8080] [--prefix /blog]
//
// Also imported by the browser tests: `startServer({ root, port: 0, prefix })` resolves to
// `{ url, port, close() }`. Only GET and HEAD; only files inside `root`; no caching, so a
// rebuilt www/pkg is picked up on reload.
//
// Like GitHub Pages: a missing path is answered with `404.html` from the root (status 404)
// when that file exists (`quire build` writes it; it boots the blog shell, so deep links to
// routes without a prerendered page work). `prefix` serves the site under a base path, as a
// project site is (`/blog/...`); `/blog` redirects to `/blog/`.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function send(res, status, text, method) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(method === 'HEAD' ? undefined : text);
}

/** Maps a URL path to a file inside `root`, or null when it would leave `root`. */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').includes('..')) return null;
  let file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return undefined;
  // A symlink must not lead outside root either.
  const real = await realpath(file);
  if (!real.startsWith(root + path.sep)) return null;
  return { file: real, size: info.size };
}

/** '' or '/blog': one leading slash, no trailing slash. */
function normalizePrefix(prefix) {
  const trimmed = String(prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

export async function startServer({ root = 'www', host = '127.0.0.1', port = 0, log = false, prefix = '' } = {}) {
  const rootDir = await realpath(path.resolve(root));
  const base = normalizePrefix(prefix);
  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const [requestPath, query] = (req.url ?? '/').split(/(?=[?#])/, 2);
    const done = (status) => log && console.log(`${status} ${method} ${req.url}`);
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, 'method not allowed\n', method);
      return done(405);
    }
    let urlPath = requestPath;
    if (base) {
      if (requestPath === base) {
        res.writeHead(301, { location: `${base}/${query ?? ''}`, 'content-length': 0 });
        res.end();
        return done(301);
      }
      if (!requestPath.startsWith(`${base}/`)) {
        send(res, 404, 'not found\n', method);
        return done(404);
      }
      urlPath = requestPath.slice(base.length);
    }
    let found;
    try {
      found = await resolveFile(rootDir, urlPath);
    } catch {
      found = undefined;
    }
    if (found === null) {
      send(res, 403, 'forbidden\n', method);
      return done(403);
    }
    let status = 200;
    if (found === undefined) {
      found = await resolveFile(rootDir, '/404.html').catch(() => undefined);
      if (!found) {
        send(res, 404, 'not found\n', method);
        return done(404);
      }
      status = 404;
    }
    const type = MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(status, {
      'content-type': type,
      'content-length': found.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    done(status);
    if (method === 'HEAD') return res.end();
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  return {
    port: actualPort,
    url: `http://${host}:${actualPort}${base}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseArgs(argv) {
  const opts = { root: 'www', host: '127.0.0.1', port: Number(process.env.PORT ?? 8080), log: true };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (key === '--root') opts.root = value();
    else if (key === '--host') opts.host = value();
    else if (key === '--port') opts.port = Number(value());
    else if (key === '--prefix') opts.prefix = value();
    else if (key === '--quiet') opts.log = false;
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error(`bad port: ${opts.port}`);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const { url, close } = await startServer(opts);
    console.log(`Serving ${path.resolve(opts.root)} at ${url} (Ctrl-C to stop)`);
    const stop = () => close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    console.error(`static-server: ${err.message}`);
    process.exit(1);
  }
}
