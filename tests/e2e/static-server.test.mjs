// The static server the browser tests (and `make serve`) use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
let server;

before(async () => {
  server = await startServer({ root: WWW, port: 0 });
});
after(() => server.close());

/** A raw GET that keeps the path as written (fetch would resolve "..").  */
function get(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: rawPath, method },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('the server listens on loopback on the port the system chose', () => {
  assert.ok(server.port > 0);
  assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
});

test('the server sends index.html for the root with an HTML type', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(res.body.toString(), /<main/);
});

test('the server labels posts as Markdown and scripts as JavaScript', async () => {
  const example = await startServer({ root: fileURLToPath(new URL('../../examples/blog/', import.meta.url)), port: 0 });
  try {
    const res = await fetch(new URL('posts/2024-01-15-transitioning-to-technical-program-management.md', example.url));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/markdown; charset=utf-8');
  } finally {
    await example.close();
  }
  const js = await get('/js/app.js');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
});

test('the server labels the wasm module application/wasm', async () => {
  const res = await get('/pkg/quire_bg.wasm', 'HEAD');
  assert.equal(res.status, 200, 'run `make wasm` first');
  assert.equal(res.headers['content-type'], 'application/wasm');
});

test('the server refuses paths that leave www', async () => {
  for (const p of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/js/%2e%2e%2f%2e%2e%2fCargo.toml', '/..%5cCargo.toml']) {
    const res = await get(p);
    assert.equal(res.status, 403, p);
    assert.doesNotMatch(res.body.toString(), /\[package\]/, p);
  }
});

test('the server answers 404 for a missing file and 405 for a POST', async () => {
  assert.equal((await get('/nope.html')).status, 404);
  assert.equal((await get('/', 'POST')).status, 405);
});

test('like GitHub Pages, a missing path gets 404.html with status 404 when the site has one, under a prefix too', async () => {
  const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quire-static-'));
  await writeFile(path.join(dir, 'index.html'), '<p>home</p>');
  await writeFile(path.join(dir, '404.html'), '<p>the shell</p>');
  await mkdir(path.join(dir, 'a'));
  await writeFile(path.join(dir, 'a/index.html'), '<p>a</p>');
  const plain = await startServer({ root: dir, port: 0 });
  const based = await startServer({ root: dir, port: 0, prefix: '/blog/' });
  const raw = (srv, p) =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: srv.port, path: p }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode, body, location: res.headers.location }));
        })
        .on('error', reject);
    });
  try {
    assert.deepEqual(await raw(plain, '/2024/01/15/deep/'), { status: 404, body: '<p>the shell</p>', location: undefined });
    assert.equal((await raw(plain, '/a/')).body, '<p>a</p>');
    assert.equal((await raw(plain, '/../x')).status, 403, 'no 404.html for a path that leaves the root');
    assert.equal(based.url, `http://127.0.0.1:${based.port}/blog/`);
    assert.equal((await raw(based, '/blog/')).body, '<p>home</p>');
    assert.equal((await raw(based, '/blog/a/')).body, '<p>a</p>');
    assert.deepEqual(await raw(based, '/blog/deep/'), { status: 404, body: '<p>the shell</p>', location: undefined });
    const redirect = await raw(based, '/blog?x=1');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.location, '/blog/?x=1');
    assert.equal((await raw(based, '/a/')).body, 'not found\n', 'nothing outside the prefix');
  } finally {
    await plain.close();
    await based.close();
    await rm(dir, { recursive: true, force: true });
  }
});
