// Bringing a Jekyll blog: the Minimal Mistakes theme's own posts (tests/fixtures/compat), imported
// with `quire import jekyll`, built, and read in Chromium — notices, highlight blocks and
// footnotes look as they did under Jekyll, and no raw Liquid or attribute list reaches readers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import { ROOT, readIndex, runQuire, needsQuire } from './site.mjs';
import { startServer } from '../../scripts/static-server.mjs';

const T = needsQuire({ timeout: 120_000 });
const SOURCE = path.join(ROOT, 'tests/fixtures/compat/minimal-mistakes');
let tmp;
let browser;
let server;
let index;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'quire-compat-'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The imported and built site, once. */
async function built() {
  if (server) return;
  const site = path.join(tmp, 'site');
  const out = path.join(tmp, 'public');
  await runQuire('import', 'jekyll', SOURCE, site);
  await runQuire('build', site, '--out', out);
  index = await readIndex(out);
  // The theme's docs site lives under /minimal-mistakes (its baseurl): serve it there.
  server = await startServer({ root: out, host: '127.0.0.1', port: 0, prefix: index.site.baseurl });
}

function permalinkOf(fileName) {
  const post = index.posts.find((p) => p.path.endsWith(fileName));
  assert.ok(post, `${fileName} is in the index`);
  return new URL(`${index.site.baseurl}${post.permalink}`, server.url).href;
}

/** Text of the post body outside <pre> and <code>: where raw Liquid must never show. */
function proseOf(page) {
  return page.locator('main .post-body').evaluate((body) => {
    const copy = body.cloneNode(true);
    for (const code of copy.querySelectorAll('pre, code')) code.remove();
    return copy.textContent;
  });
}

/** Opens a post's page (prerendered by `quire build`, then the shell's) and waits for its body. */
async function open(fileName) {
  const { page, problems } = await browser.newPage();
  await page.goto(permalinkOf(fileName));
  await page.locator('main .post-body').waitFor({ timeout: 30_000 });
  return { page, problems };
}

test('a notice written as a kramdown attribute list is a styled block, not text', T, async () => {
  await built();
  const { page, problems } = await open('2010-02-05-post-notice.md');
  try {
    const notice = page.locator('main .post-body .notice--info').first();
    await notice.waitFor({ timeout: 10_000 });
    assert.notEqual(await notice.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)');
    const prose = await proseOf(page);
    assert.doesNotMatch(prose, /\{:/);
    assert.doesNotMatch(prose, /\{%|\{\{/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a highlight block is code and footnotes sit at the end of the post', T, async () => {
  await built();
  const { page, problems } = await open('2013-08-16-markup-syntax-highlighting.md');
  try {
    const scss = page.locator('main .post-body pre code.language-scss').first();
    await scss.waitFor({ timeout: 10_000 });
    assert.match(await scss.innerText(), /\.highlight/);
    const raw = await page.locator('main .post-body pre').allInnerTexts();
    assert.ok(!raw.some((text) => /\{%-? *(end)?raw/.test(text)), 'raw/endraw never show inside code');
    const last = await page.locator('main .post-body > :last-child').evaluate((el) => el.matches('section.footnotes'));
    assert.ok(last, 'the footnotes are the last thing in the post');
    await page.locator('main .post-body section.footnotes li').first().waitFor();
    const prose = await proseOf(page);
    assert.doesNotMatch(prose, /\{%|\{\{|\{:/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the shell renders Liquid, includes and attribute lists in the browser as the build did', T, async () => {
  await built();
  const { page, problems } = await browser.newPage();
  try {
    // From the home page, the shell renders the post itself from its raw file (no prerendered HTML).
    await page.goto(new URL(`${index.site.baseurl}/`, server.url).href);
    await page.locator('main:not([aria-busy]) .post-list').waitFor({ timeout: 30_000 });
    const post = index.posts.find((p) => p.path.endsWith('2013-08-16-markup-syntax-highlighting.md'));
    await page.evaluate((href) => {
      window.stillThisDocument = true; // gone if the click loaded the prerendered page instead
      const a = Object.assign(document.createElement('a'), { href });
      document.querySelector('main').append(a);
      a.click();
    }, `${index.site.baseurl}${post.permalink}`);
    await page.locator('main .post-body pre code.language-scss').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.stillThisDocument), true, 'the shell rendered this page');
    assert.ok(await page.locator('main .post-body section.footnotes').count(), 'footnotes at the end');
    const prose = await proseOf(page);
    assert.doesNotMatch(prose, /\{%|\{\{|\{:/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
