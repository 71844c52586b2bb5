// Quire as a user installs it: the binary alone (the runtime is embedded) makes a site with
// `quire init`, adds a post with `quire new`, builds it into a separate folder that holds only
// what readers may see, serves it with the editor saving into the site, and takes a theme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import { runQuire, startQuireServe, needsQuire, unexpected } from './site.mjs';
import { startServer } from '../../scripts/static-server.mjs';

const T = needsQuire({ timeout: 120_000 });
let tmp;
let browser;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'quire-tool-'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Every file under `dir` with a hash of its bytes, sorted. */
async function snapshot(dir) {
  const out = [];
  async function walk(at) {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(`${path.relative(dir, full)} ${createHash('sha256').update(await readFile(full)).digest('hex')}`);
    }
  }
  await walk(dir);
  return out.sort();
}

/** Resolves once `check()` is truthy (polled). */
async function until(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A new site made by `quire init` in a fresh folder, with a draft and a future post. */
async function initSite(name) {
  const site = path.join(tmp, name);
  await runQuire('init', site);
  const { stdout } = await runQuire('new', 'Bonjour, été', '--dir', site);
  const created = stdout.trim();
  // `quire new` starts a draft, as `hugo new` does; the author publishes it.
  const text = await readFile(created, 'utf8');
  assert.match(text, /^draft: true$/m);
  await writeFile(created, text.replace(/^draft: true$/m, 'draft: false'));
  await writeFile(path.join(site, 'posts/2024-05-01-secret-plans.md'), '---\ntitle: Secret plans\ndraft: true\n---\nNot yet.\n');
  await writeFile(path.join(site, 'posts/2099-01-01-from-the-future.md'), '---\ntitle: From the future\n---\nLater.\n');
  return { site, created };
}

test('init, new and build make a site whose output holds only what readers may see', T, async () => {
  const { site, created } = await initSite('blog');
  assert.match(path.basename(created), /^\d{4}-\d{2}-\d{2}-bonjour-été\.md$/);
  const before = await snapshot(site);
  const out = path.join(tmp, 'public');
  await runQuire('build', site, '--out', out);
  assert.deepEqual(await snapshot(site), before, 'the build wrote nothing into the site');

  const server = await startServer({ root: out, host: '127.0.0.1', port: 0 });
  const { page, problems } = await browser.newPage();
  try {
    const raw = (p) => fetch(new URL(p, server.url)).then((r) => r.status);
    assert.equal(await raw(`posts/${path.basename(created)}`), 200);
    assert.equal(await raw('posts/2024-05-01-secret-plans.md'), 404, 'a draft is not published');
    assert.equal(await raw('posts/2099-01-01-from-the-future.md'), 404, 'a future post is not published');
    assert.equal(await raw('_config.yml'), 404);

    await page.goto(server.url);
    await page.locator('main:not([aria-busy]) .post-list').waitFor({ timeout: 30_000 });
    const titles = await page.locator('main .post-list h2').allInnerTexts();
    assert.deepEqual(titles.sort(), ['Bonjour, été', 'Hello, world']);
    await page.locator('main .post-list a', { hasText: 'Bonjour, été' }).first().click();
    await page.locator('main .post-body').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main h1').innerText(), 'Bonjour, été');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
    await server.close();
  }

  // A rebuild drops what no longer exists.
  await rm(path.join(site, 'pages/about.md'));
  await runQuire('build', site, '--out', out);
  assert.equal((await readdir(out)).includes('about'), false);
  assert.equal((await readdir(out)).includes('pages'), false, 'no raw page file is left');
});

test('build refuses to replace a folder it did not write', T, async () => {
  const { site } = await initSite('careful');
  const mine = path.join(tmp, 'documents');
  await mkdir(mine);
  await writeFile(path.join(mine, 'thesis.txt'), 'precious');
  await assert.rejects(runQuire('build', site, '--out', mine), /not empty and was not written by quire build/);
  assert.equal(await readFile(path.join(mine, 'thesis.txt'), 'utf8'), 'precious');
});

test('quire serve: /edit/ answers 200, the editor saves into posts/ and the open post re-renders', T, async () => {
  const { site, created } = await initSite('live');
  const served = await startQuireServe(site);
  const reader = await browser.newPage();
  const writer = await browser.newPage();
  try {
    const edit = await fetch(new URL('edit/', served.url));
    assert.equal(edit.status, 200);

    const name = path.basename(created);
    const all = await (await fetch(new URL('posts/index/all.json', served.url))).json();
    const entry = all.posts.find((p) => p.path === `posts/${name}`);
    assert.ok(entry, 'the new post is in the index');

    await reader.page.goto(new URL(entry.permalink.slice(1), served.url).href);
    await reader.page.locator('main .post-body').waitFor({ timeout: 30_000 });

    await writer.page.goto(new URL(`edit${entry.permalink}`, served.url).href);
    const source = writer.page.locator('.quire-editor .cm-content');
    await source.waitFor({ timeout: 30_000 });
    await writer.page.waitForFunction(() => document.querySelector('.quire-editor')?.quireEditor?.doc);
    await source.click();
    await writer.page.keyboard.press('Control+End');
    await writer.page.keyboard.type('\nWritten in the editor.\n');
    await writer.page.getByRole('button', { name: 'Save', exact: true }).click();
    await until(
      async () => /Written in the editor\.\n$/.test(await readFile(path.join(site, 'posts', name), 'utf8')),
      'the saved file',
    );
    // The status says so, and keeping the draft afterwards does not replace it.
    await writer.page.locator('.qe-status', { hasText: `Saved posts/${name}.` }).waitFor({ timeout: 10_000 });
    await writer.page.waitForTimeout(1500);
    assert.equal(await writer.page.locator('.qe-status').innerText(), `Saved posts/${name}.`);
    await reader.page.locator('main .post-body', { hasText: 'Written in the editor.' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(unexpected(reader.problems), []);
    assert.deepEqual(unexpected(writer.problems), []);

    // A new post from /edit/ becomes a new file in posts/.
    const before = await readdir(path.join(site, 'posts'));
    await writer.page.goto(new URL('edit/', served.url).href);
    await writer.page.locator('.quire-editor .cm-content').waitFor({ timeout: 30_000 });
    await writer.page.waitForFunction(() => document.querySelector('.quire-editor')?.quireEditor?.doc);
    await writer.page.getByRole('button', { name: 'Save', exact: true }).click();
    const added = await until(async () => {
      const now = (await readdir(path.join(site, 'posts'))).filter((f) => !before.includes(f) && !f.startsWith('.'));
      return now.length ? now : null;
    }, 'a new post file');
    assert.equal(added.length, 1, `one new file: ${added}`);
    assert.match(added[0], /^\d{4}-\d{2}-\d{2}-[\p{L}\d-]+\.md$/u);
    assert.match(await readFile(path.join(site, 'posts', added[0]), 'utf8'), /^---\ntitle: /);

    // Another origin cannot write into the site.
    const forged = await fetch(new URL(`_quire/save/posts/${name}`, served.url), {
      method: 'PUT',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/markdown' },
      body: 'pwned',
    });
    assert.equal(forged.status, 403);
    assert.match(await readFile(path.join(site, 'posts', name), 'utf8'), /Written in the editor/);
  } finally {
    await reader.page.close();
    await writer.page.close();
    await served.close();
  }
});

test('a theme stylesheet, template and header change the served and the built pages', T, async () => {
  const { site } = await initSite('themed');
  await mkdir(path.join(site, 'theme/css'), { recursive: true });
  await writeFile(path.join(site, 'theme/css/custom.css'), ':root { --accent: rgb(200, 0, 0); }\nbody { background: rgb(1, 2, 3); }\n');
  await writeFile(path.join(site, 'theme/header.html'), '<header class="site-header"><p class="my-banner">My own header</p></header>\n');
  const plain = path.join(tmp, 'plain');
  await runQuire('build', site, '--out', plain);
  for (const file of ['index.html', '404.html']) {
    const html = await readFile(path.join(plain, file), 'utf8');
    assert.match(html, /My own header/, file);
    assert.match(html, /href="css\/custom\.css"/, file);
  }
  // The page template itself, replaced: a marker in <body>.
  const own = (await readFile(new URL('../../www/index.html', import.meta.url), 'utf8')).replace('<body>', '<body class="my-template">');
  await writeFile(path.join(site, 'theme/index.html'), own);

  const out = path.join(tmp, 'themed-out');
  await runQuire('build', site, '--out', out);
  const built = await startServer({ root: out, host: '127.0.0.1', port: 0 });
  const served = await startQuireServe(site);
  const { page, problems } = await browser.newPage();
  try {
    for (const base of [built.url, served.url]) {
      await page.goto(base);
      await page.locator('main:not([aria-busy]) .post-list').waitFor({ timeout: 30_000 });
      assert.equal(await page.locator('body.my-template .my-banner').innerText(), 'My own header', base);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(1, 2, 3)', base);
    }
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
    await built.close();
    await served.close();
  }
});
