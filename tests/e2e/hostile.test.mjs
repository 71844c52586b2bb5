// Hostile posts in real Chromium: every vector of tests/fixtures/hostile/xss.json, as
// a post of a site built by the `quire` CLI and opened at its permalink (the prerendered page,
// then the shell's rendering over it), and in the editor preview, with default options, runs
// no script, opens no dialog, navigates nowhere and trips no Content-Security-Policy rule;
// front matter fields (title, tags) are shown as text. And a trap in the wasm module leaves a
// readable error for that post while the page keeps working. And every vector in every front
// matter field (title, tags, description) of the home, tag and post views, shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { launch } from './browser.mjs';
import { buildSite, serveSite, needsQuire, quireBinary } from './site.mjs';
import { watchedPage } from './watch.mjs';
import { view } from './fixture-blog.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const VECTORS = JSON.parse(readFileSync(new URL('../fixtures/hostile/xss.json', import.meta.url), 'utf8'));
const TIMEOUT = { timeout: 180_000 };

// One post per vector, the vector as the whole file: 2024-01-01-xss-0.md, 2024-01-02-xss-1.md...
const fileOf = (i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)}-xss-${i}.md`;

let site;
let server; // the built site
let wwwServer; // www/ itself, for edit.html
let browser;

before(async () => {
  wwwServer = await startServer({ root: WWW, host: '127.0.0.1', port: 0 });
  browser = await launch({ locale: 'en-US', timezoneId: 'UTC' });
  if (!quireBinary()) return;
  site = await buildSite({ posts: Object.fromEntries(VECTORS.map((v, i) => [fileOf(i), v.markdown])), config: 'title: Hostile\n' });
  server = await serveSite(site);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await wwwServer?.close();
  await site?.remove();
});

const permalinkOf = (i) => site.index.posts.find((p) => p.path === `posts/${fileOf(i)}`).permalink;
const urlOf = (i, query = '') => new URL(permalinkOf(i).slice(1) + query, server.url).href;

test('no XSS vector runs anything on the post page, body or front matter', needsQuire(TIMEOUT), async () => {
  const { page, fired } = await watchedPage(browser, server.url);
  try {
    for (const [index, vector] of VECTORS.entries()) {
      page.__loaded = false;
      await page.goto(urlOf(index));
      page.__loaded = true;
      await page.locator('main[data-ready] article.post').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(150); // autofocus, onload, ontoggle fire by now
      assert.deepEqual(await fired(), [], `${vector.name}: something ran`);
      // Front matter fields are shown as text: the title shows its markup literally.
      if (/^---\ntitle:/.test(vector.markdown)) {
        const title = await page.locator('h1.post-title').textContent();
        assert.match(title, /<img/, `${vector.name}: title shown as text`);
      }
      if (/^---\ntags:/.test(vector.markdown)) {
        const tags = await page.locator('.post-header .tags').textContent();
        assert.match(tags, /<img/, `${vector.name}: tag shown as text`);
      }
    }
  } finally {
    await page.close();
  }
});

test('no XSS vector runs anything in the editor preview', TIMEOUT, async () => {
  const { page, fired } = await watchedPage(browser, wwwServer.url);
  try {
    await page.route('**/posts/xss-editor.md', (route) =>
      route.fulfill({ contentType: 'text/markdown; charset=utf-8', body: 'Start.\n' }),
    );
    page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
    await page.goto(new URL('edit.html?test-hooks&post=posts/xss-editor.md', wwwServer.url).href);
    page.__loaded = true;
    const settled = () =>
      page.waitForFunction(() => {
        const e = window.quireEditor?.editor;
        return e && e.doc && e.renderedVersion === e.version;
      }, null, { timeout: 30_000 });
    await settled();
    // Each vector replaces the whole source, pasted as from the clipboard (CodeMirror's path).
    const pasteOverAll = (text) =>
      page.locator('.cm-content').evaluate((el, t) => {
        window.quireEditor.setSelection(0, window.quireEditor.text().length);
        const clipboardData = new DataTransfer();
        clipboardData.setData('text/plain', t);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
      }, text);
    for (const vector of VECTORS) {
      await pasteOverAll(vector.markdown);
      await settled();
      await page.waitForTimeout(100);
      assert.deepEqual(await fired(), [], `${vector.name}: something ran in the editor`);
    }
  } finally {
    await page.close();
  }
});

test('a trap in the wasm module leaves a readable error and a fresh engine that works', needsQuire(TIMEOUT), async () => {
  const { page, problems } = await browser.newPage();
  try {
    // Reached from the home page, so no prerendered copy of the post stands in for it.
    await page.goto(server.url);
    await page.locator('main[data-ready] .post-list').waitFor({ timeout: 30_000 });
    // The next call into the engine traps for real (www/js/test-hooks.js, beside the page's quire.js).
    // The engine is warmed up first (quire.js warmUp: a post route does it once, while the post
    // downloads), so that the next call is the post's own.
    await page.evaluate(async () => {
      const app = document.querySelector('script[type="module"][src$="js/app.js"]').src;
      const quire = await import(new URL('quire.js', app).href);
      await quire.ready();
      quire.warmUp();
      await (await import(new URL('test-hooks.js', app).href)).trapNextCall();
    });
    const newest = site.index.posts[0];
    await page.locator(`.post-list a[href="${newest.permalink.slice(1)}"]`).first().click();
    const status = page.locator('main .status.is-error');
    await status.waitFor({ timeout: 30_000 });
    assert.match(await status.textContent(), /stopped on this post .*restarted/);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('main[data-ready] .post-body').waitFor({ timeout: 30_000 });
    assert.equal(new URL(page.url()).pathname, newest.permalink);
    // (the post's own `<img src=x>` is a failed image load, not a problem)
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  } finally {
    await page.close();
  }
});

test('the watcher itself notices an injected handler (so the tests above can fail)', needsQuire(TIMEOUT), async () => {
  const { page, fired } = await watchedPage(browser, server.url);
  try {
    await page.goto(urlOf(1));
    page.__loaded = true;
    await page.locator('main[data-ready] .post-body').waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      document.querySelector('.post-body').innerHTML = '<img src="x" onerror="alert(1)">';
    });
    await page.waitForTimeout(200);
    const all = await fired();
    assert.ok(all.some((f) => /CSP|alert/.test(f)), `nothing noticed: ${JSON.stringify(all)}`);
  } finally {
    await page.close();
  }
});

const texts = (locator) => locator.evaluateAll((els) => els.map((e) => e.textContent.trim()));

test('no XSS vector used as title, tag, description and body runs on the home, tag or post views, and all show as text', needsQuire({ timeout: 600_000 }), async () => {
  // JSON front matter: every vector as it is, whatever its quotes and newlines.
  const posts = Object.fromEntries(
    VECTORS.map((v, i) => {
      const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      const fm = { title: v.markdown, tags: [v.markdown, 'xss'], description: v.markdown, date: day };
      return [`${day}-xss-${i}.md`, `${JSON.stringify(fm, null, 2)}\n\n${v.markdown}\n`];
    }),
  );
  const hostile = await buildSite({ posts, config: 'title: Hostile\npaginate: 100\n' });
  const hostileServer = await serveSite(hostile);
  const { page, fired } = await watchedPage(browser, hostileServer.url);
  try {
    const byTitle = new Map(hostile.index.posts.map((p) => [p.title, p]));
    await page.goto(hostileServer.url);
    page.__loaded = true;
    await view(page, '.post-list');
    await page.waitForTimeout(200);
    assert.deepEqual(await fired(), [], 'home: something ran');
    const titles = await page.locator('.post-list .post-title').evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(new Set(titles), new Set(VECTORS.map((v) => v.markdown)), 'home: every title as text');
    const tags = await page.locator('.post-list .tags li').evaluateAll((els) => els.map((e) => e.textContent));
    for (const v of VECTORS) assert.ok(tags.includes(v.markdown.trim()), `home: the tag ${v.name} as text`);

    for (const vector of VECTORS) {
      const entry = byTitle.get(vector.markdown);
      assert.ok(entry, `${vector.name}: in the index with its title as written`);
      await page.goto(new URL(entry.permalink.slice(1), hostileServer.url).href);
      await view(page, 'article.post');
      await page.waitForTimeout(100); // autofocus, onload, ontoggle fire by now
      assert.deepEqual(await fired(), [], `${vector.name}: something ran on the post page`);
      assert.equal(await page.locator('h1.post-title').textContent(), vector.markdown, `${vector.name}: title`);
      assert.deepEqual(await texts(page.locator('.post-header .tags li')), [vector.markdown.trim(), 'xss'], `${vector.name}: tag`);
      assert.equal(
        await page.locator('meta[name="description"]').getAttribute('content'),
        vector.markdown.trim(),
        `${vector.name}: description`,
      );
      // (document.title collapses white space)
      assert.equal(await page.title(), `${vector.markdown} · Hostile`.replace(/\s+/g, ' ').trim());

      await page.locator('.post-header .tags a').first().click();
      await view(page, '.post-index');
      await page.waitForTimeout(50);
      assert.deepEqual(await fired(), [], `${vector.name}: something ran on the tag page`);
      assert.match(await page.locator('h1').textContent(), /^Posts tagged “/);
      const listed = await page.locator('.post-index a').evaluateAll((els) => els.map((e) => e.textContent));
      assert.ok(listed.includes(vector.markdown), `${vector.name}: listed on its tag page as text`);
    }
    // The tag every post carries lists all of them; so does the tag index.
    await page.goto(new URL('tags/xss/', hostileServer.url).href);
    await view(page, '.post-index');
    assert.equal(await page.locator('.post-index li').count(), VECTORS.length);
    await page.locator('.site-nav a', { hasText: 'Tags' }).click();
    await view(page, '.tag-index');
    await page.waitForTimeout(100);
    assert.deepEqual(await fired(), [], 'tag index: something ran');
  } finally {
    await page.close();
    await hostileServer.close();
    await hostile.remove();
  }
});
