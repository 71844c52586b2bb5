// Hostile posts in real Chromium (issue 5): every vector of tests/fixtures/hostile/xss.json,
// shown by the post page and by the editor preview with default options, runs no script, opens
// no dialog, navigates nowhere and trips no Content-Security-Policy rule; front matter fields
// (title, tags, description, excerpt) are shown as text. And a trap in the wasm module leaves a
// readable error for that post while the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { launch } from './browser.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const VECTORS = JSON.parse(readFileSync(new URL('../fixtures/hostile/xss.json', import.meta.url), 'utf8'));
const TIMEOUT = { timeout: 180_000 };

let server;
let browser;

before(async () => {
  server = await startServer({ root: WWW, host: '127.0.0.1', port: 0 });
  browser = await launch({ locale: 'en-US', timezoneId: 'UTC' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A page that records everything a successful injection would do: alert/confirm/prompt calls,
 * dialogs, navigations away, CSP violations, page errors and console errors (a failed image
 * load such as `<img src=x>` is not one: that is the sanitizer keeping a harmless image).
 */
async function watchedPage() {
  const { page, problems } = await browser.newPage();
  const fired = [];
  await page.addInitScript(() => {
    window.__fired = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      window[name] = (...args) => window.__fired.push(`${name}(${args.join(',')})`);
    }
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__fired.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('dialog', (dialog) => {
    fired.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && page.__loaded && !frame.url().startsWith(server.url)) {
      fired.push(`navigated to ${frame.url()}`);
    }
  });
  page.on('request', (request) => {
    if (/^(javascript|vbscript|data:text)/i.test(request.url())) fired.push(`request ${request.url()}`);
  });
  const errors = () =>
    problems.filter((p) => !/Failed to load resource/.test(p));
  return { page, fired, errors };
}

async function firedInPage(page) {
  return page.evaluate(() => window.__fired);
}

test('no XSS vector runs anything on the post page, body or front matter', TIMEOUT, async () => {
  const { page, fired, errors } = await watchedPage();
  try {
    await page.route('**/posts/xss-*.md', (route) => {
      const index = Number(new URL(route.request().url()).pathname.match(/xss-(\d+)/)[1]);
      return route.fulfill({ contentType: 'text/markdown; charset=utf-8', body: VECTORS[index].markdown });
    });
    for (const [index, vector] of VECTORS.entries()) {
      page.__loaded = false;
      await page.goto(new URL(`?post=xss-${index}.md`, server.url).href);
      page.__loaded = true;
      await page.locator('#post:not([hidden]), #status.is-error').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(150); // autofocus, onload, ontoggle fire by now
      const inPage = await firedInPage(page);
      assert.deepEqual([...fired, ...inPage, ...errors()], [], `${vector.name}: something ran`);
      // Front matter fields are shown as text: the title shows its markup literally.
      if (/^---\ntitle:/.test(vector.markdown)) {
        const title = await page.locator('#post-title').textContent();
        assert.match(title, /<img/, `${vector.name}: title shown as text`);
      }
      if (/^---\ntags:/.test(vector.markdown)) {
        const tags = await page.locator('#post-tags').textContent();
        assert.match(tags, /<img/, `${vector.name}: tag shown as text`);
      }
    }
  } finally {
    await page.close();
  }
});

test('no XSS vector runs anything in the editor preview', TIMEOUT, async () => {
  const { page, fired, errors } = await watchedPage();
  try {
    await page.route('**/posts/xss-editor.md', (route) =>
      route.fulfill({ contentType: 'text/markdown; charset=utf-8', body: 'Start.\n' }),
    );
    page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
    await page.goto(new URL('edit.html?test-hooks&post=posts/xss-editor.md', server.url).href);
    page.__loaded = true;
    const settled = () =>
      page.waitForFunction(() => {
        const e = window.quireEditor?.editor;
        return e && e.doc && e.renderedVersion === e.version;
      }, null, { timeout: 30_000 });
    await settled();
    for (const vector of VECTORS) {
      await page.locator('.qe-text').fill(vector.markdown);
      await settled();
      await page.waitForTimeout(100);
      const inPage = await firedInPage(page);
      assert.deepEqual([...fired, ...inPage, ...errors()], [], `${vector.name}: something ran in the editor`);
    }
  } finally {
    await page.close();
  }
});

test('a trap in the wasm module leaves a readable error and a fresh engine that works', TIMEOUT, async () => {
  const { page, problems } = await browser.newPage();
  try {
    await page.addInitScript(() => {
      window.QUIRE_TRAP_NEXT = true;
    });
    await page.goto(new URL('?test-hooks', server.url).href);
    const status = page.locator('#status.is-error');
    await status.waitFor({ timeout: 30_000 });
    assert.match(await status.textContent(), /stopped on this post .*restarted/);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#post:not([hidden])').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#post-title').textContent(), /Technical Program Management/);
    // The one expected console error is the trap being reported.
    assert.deepEqual(problems.filter((p) => !/stopped on this post/.test(p)), []);
  } finally {
    await page.close();
  }
});

test('the watcher itself notices an injected handler (so the tests above can fail)', TIMEOUT, async () => {
  const { page, fired, errors } = await watchedPage();
  try {
    await page.goto(server.url);
    page.__loaded = true;
    await page.locator('#post:not([hidden])').waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      document.querySelector('#post-body').innerHTML = '<img src="x" onerror="alert(1)">';
    });
    await page.waitForTimeout(200);
    const all = [...fired, ...(await firedInPage(page)), ...errors()];
    assert.ok(all.some((f) => /CSP|alert/.test(f)), `nothing noticed: ${JSON.stringify(all)}`);
  } finally {
    await page.close();
  }
});
