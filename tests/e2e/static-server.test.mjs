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
  const md = await get('/posts/2024-01-15-transitioning-to-technical-program-management.md');
  assert.equal(md.status, 200);
  assert.equal(md.headers['content-type'], 'text/markdown; charset=utf-8');
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
