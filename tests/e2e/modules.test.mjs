// The three wasm modules in a real browser (a site built by the `quire` CLI, served over HTTP,
// Chromium): a post without templates renders with the reader's module alone (www/pkg) and never
// downloads the full one (www/pkg-full) or the search one (www/pkg-search); a post with Liquid,
// shortcodes, TOML front matter or YAML beyond the common forms (libyaml's) loads the full
// module (alone, when its prerendered page says so) and renders expanded, never with its
// template text showing; the search page finds posts through the search module, and loads the
// reader's only to render the posts its snippets quote. Posts are opened under `quire serve`,
// whose pages the shell renders over; `quire build`'s are final and need no module at all
// (the last test). The editor (which loads the full module) is covered by editor.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';
import { buildSite, serveSite, needsQuire, quireBinary, startQuireServe } from './site.mjs';

const T = needsQuire({ timeout: 60_000 });

const PLAIN = '2024-03-01-plain.md';
const LIQUID = '2024-03-02-liquid.md';
const SHORTCODE = '2024-03-03-shortcode.md';
const TOML = '2024-03-04-toml.md';
const FOLDED = '2024-03-05-folded.md';

let site;
let server; // quire build's output, on a static server
let served; // quire serve on the same site
let browser;

before(async () => {
  if (!quireBinary()) return;
  site = await buildSite({
    config: 'title: Two Modules\nauthor_name: Ada\n',
    posts: {
      [PLAIN]: '---\ntitle: Plain\ntags: [Prose Things]\n---\nJust *Markdown* with {braces} and 100% prose.\n',
      [LIQUID]:
        '---\ntitle: Liquid\n---\n{% assign who = "Liquid" %}Hello from {{ who | upcase }} on {{ site.title }}.\n',
      [SHORTCODE]: '---\ntitle: Shortcode\n---\nA video:\n\n{{< youtube dQw4w9WgXcQ >}}\n',
      [TOML]: '+++\ntitle = "Toml"\n+++\nFront matter in TOML.\n',
      [FOLDED]: '---\ntitle: >-\n  A folded\n  title\n---\nFront matter with a block scalar.\n',
    },
  });
  server = await serveSite(site);
  served = await startQuireServe(site.dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await served?.close();
  await site?.remove();
});

function urlOf(file, base = served.url) {
  const post = site.index.posts.find((p) => p.path === `posts/${file}`);
  assert.ok(post, `${file} is in the index`);
  return new URL(post.permalink.slice(1), base).href;
}

/**
 * Opens a page (a post's file under quire serve, or a site path of the static site), noting
 * every wasm package file it requests, and waits for the shell.
 */
async function open(file, { sitePath } = {}) {
  const { page, problems } = await browser.newPage();
  const requested = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (/\/pkg(-full|-search)?\//.test(pathname)) requested.push(pathname);
  });
  await page.goto(sitePath ? new URL(sitePath, server.url).href : urlOf(file));
  await page.locator('main[data-ready], main .status.is-error').first().waitFor({ timeout: 30_000 });
  return { page, problems, requested };
}

/** The post body's text outside code: where template text must never show. */
function proseOf(page) {
  return page.locator('main .post-body').evaluate((body) => {
    const copy = body.cloneNode(true);
    for (const code of copy.querySelectorAll('pre, code')) code.remove();
    return copy.textContent;
  });
}

test('a post without templates renders with the reader module and never requests pkg-full', T, async () => {
  const { page, problems, requested } = await open(PLAIN);
  try {
    assert.equal(await page.locator('main .status').count(), 0, 'no error or loading message');
    assert.match(await proseOf(page), /Just Markdown with \{braces\} and 100% prose\./);
    assert.ok(requested.some((p) => p.endsWith('/pkg/quire_bg.wasm')), `the reader module is loaded: ${requested}`);
    assert.deepEqual(
      requested.filter((p) => p.includes('/pkg-full/')),
      [],
      'the full module is not downloaded',
    );
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a plain post page never requests pkg-search until its search box is used', T, async () => {
  const { page, problems, requested } = await open(PLAIN);
  try {
    await page.waitForLoadState('networkidle');
    assert.ok(requested.some((p) => p.endsWith('/pkg/quire_bg.wasm')), `the reader module is loaded: ${requested}`);
    assert.deepEqual(requested.filter((p) => p.includes('/pkg-search/')), [], 'the search module is not downloaded');
    await page.locator('.site-header input[name="q"]').fill('prose');
    await page.locator('.search-option', { hasText: 'Plain' }).first().waitFor({ timeout: 30_000 });
    assert.ok(requested.some((p) => p.endsWith('/pkg-search/quire_bg.wasm')), `a search loads the search module: ${requested}`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a post with Liquid loads pkg-full and renders expanded, without raw template text', T, async () => {
  const { page, problems, requested } = await open(LIQUID);
  try {
    assert.equal(await page.locator('main .status').count(), 0, 'no error or loading message');
    const prose = await proseOf(page);
    assert.match(prose, /Hello from LIQUID on Two Modules\./);
    assert.doesNotMatch(prose, /\{%|\{\{/);
    assert.ok(requested.some((p) => p.endsWith('/pkg-full/quire_bg.wasm')), `the full module is loaded: ${requested}`);
    assert.deepEqual(
      requested.filter((p) => p.includes('/pkg/')),
      [],
      'its prerendered page asks for the full module alone, not the reader\'s as well',
    );
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a post with a Hugo shortcode loads pkg-full and shows the embed, not the shortcode', T, async () => {
  const { page, problems, requested } = await open(SHORTCODE);
  try {
    assert.equal(await page.locator('main .post-body iframe[src*="dQw4w9WgXcQ"]').count(), 1);
    assert.doesNotMatch(await proseOf(page), /\{\{</);
    assert.ok(requested.some((p) => p.endsWith('/pkg-full/quire_bg.wasm')));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a post with TOML front matter loads pkg-full and shows its title', T, async () => {
  const { page, problems, requested } = await open(TOML);
  try {
    assert.equal((await page.locator('h1').allTextContents()).map((t) => t.trim()).join('|'), 'Toml');
    assert.match(await proseOf(page), /Front matter in TOML\./);
    assert.ok(requested.some((p) => p.endsWith('/pkg-full/quire_bg.wasm')));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a post whose YAML front matter needs libyaml loads pkg-full alone and shows its title', T, async () => {
  const { page, problems, requested } = await open(FOLDED);
  try {
    assert.equal((await page.locator('h1').allTextContents()).map((t) => t.trim()).join('|'), 'A folded title');
    assert.match(await proseOf(page), /Front matter with a block scalar\./);
    assert.ok(requested.some((p) => p.endsWith('/pkg-full/quire_bg.wasm')));
    assert.deepEqual(requested.filter((p) => p.includes('/pkg/')), [], 'the reader module is not downloaded');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the search page gets its results through pkg-search, and asks for the reader module only to quote posts in snippets', T, async () => {
  const { page, problems, requested } = await open(null, { sitePath: 'search/?q=prose' });
  try {
    // The result is listed before any snippet: titles, dates and tags come from the index.
    const result = page.locator('.search-results .search-result', { hasText: 'Plain' });
    await result.waitFor({ timeout: 30_000 });
    assert.equal(await result.locator('ul.tags a[rel="tag"]').getAttribute('href'), 'tags/prose-things/', 'tagSlug from the search module');
    const firstWasm = requested.find((p) => p.endsWith('quire_bg.wasm'));
    assert.equal(firstWasm, '/pkg-search/quire_bg.wasm', `the first module the search page asks for: ${requested}`);
    assert.deepEqual(requested.filter((p) => p.includes('/pkg-full/')), [], 'the full module is not downloaded');
    // The snippet quotes the post's text: rendering that post is the reader module's job.
    await result.locator('.search-snippet mark').first().waitFor({ timeout: 30_000 });
    assert.match(await result.locator('.search-snippet').textContent(), /100% prose/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the search page without a query downloads no wasm module at all', T, async () => {
  const { page, problems, requested } = await open(null, { sitePath: 'search/' });
  try {
    await page.locator('.search-summary', { hasText: 'Type a word' }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(requested, [], 'no module before a query');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a final page of quire build downloads no module, even for Liquid; followed from a list, the shell renders it with pkg-full', T, async () => {
  const { page, problems } = await browser.newPage();
  const requested = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (/\/pkg(-full|-search)?\//.test(pathname)) requested.push(pathname);
  });
  try {
    await page.goto(urlOf(LIQUID, server.url));
    await page.locator('main[data-ready][data-final]').waitFor({ timeout: 30_000 });
    assert.match(await proseOf(page), /Hello from LIQUID on Two Modules\./, 'expanded by quire build');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(requested, [], 'no module for the page itself');

    await page.goto(new URL('archive/', server.url).href);
    await page.locator('main[data-ready] .archive-year').first().waitFor({ timeout: 30_000 });
    await page.locator('main a', { hasText: 'Liquid' }).first().click();
    await page.locator('main[data-ready]:not([data-prerendered]) .post-body').waitFor({ timeout: 30_000 });
    const prose = await proseOf(page);
    assert.match(prose, /Hello from LIQUID on Two Modules\./);
    assert.doesNotMatch(prose, /\{%|\{\{/);
    assert.ok(requested.some((p) => p.endsWith('/pkg-full/quire_bg.wasm')), `the full module is loaded: ${requested}`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
