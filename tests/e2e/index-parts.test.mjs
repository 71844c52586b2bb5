// What each page of a blog downloads of its index, in real Chromium over a site built by the
// `quire` CLI: the home its page's posts, a tag or a year its posts, a post its route shard,
// never the whole post list (docs/site-contract.md). Also the year pages, and a post whose
// Liquid links to another post by file (which needs the post list) still rendering right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';
import { buildSite, serveSite, collectProblems, unexpected, needsQuire, quireBinary } from './site.mjs';

const T = needsQuire({ timeout: 120_000 });

// 200 posts, one a day from 2023-10-01 (so two years), every fifth tagged `fifth`: four
// route shards, twenty home pages.
const POSTS = {};
for (let k = 0; k < 200; k++) {
  const day = new Date(Date.UTC(2023, 9, 1 + k)).toISOString().slice(0, 10);
  const tags = k % 5 === 0 ? '[all, fifth]' : '[all]';
  POSTS[`${day}-post-${k}.md`] = `---\ntitle: Post ${k}\ntags: ${tags}\n---\nThe body of post ${k}.\n`;
}

let site;
let server;
let browser;

before(async () => {
  if (!quireBinary()) return;
  site = await buildSite({ posts: POSTS, config: 'title: Big\npaginate: 10\n' });
  server = await serveSite(site);
  browser = await launch({ locale: 'en-US', timezoneId: 'UTC' });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.remove();
});

const url = (sitePath) => new URL(sitePath.replace(/^\//, ''), server.url).href;

/** A page that records the index files it fetches (posts/index.json and posts/index/*). */
async function recorded() {
  const { page } = await browser.newPage();
  const problems = collectProblems(page);
  const fetched = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/posts/index')) fetched.push(pathname.slice('/posts/'.length));
  });
  return { page, problems, fetched };
}

async function ready(page, selector) {
  await page.locator('main[data-ready]').locator(selector).first().waitFor({ timeout: 30_000 });
}

test('the home page downloads the index alone (its page is final), and the next home page its own part', T, async () => {
  const { page, problems, fetched } = await recorded();
  try {
    await page.goto(url('/'));
    await ready(page, '.post-list');
    assert.deepEqual(fetched.sort(), ['index.json']);
    const titles = await page.locator('.post-list .post-title').allInnerTexts();
    assert.deepEqual(titles, Array.from({ length: 10 }, (_, i) => `Post ${199 - i}`));

    fetched.length = 0;
    await page.locator('.pagination a.older').click();
    await ready(page, '.post-list');
    assert.equal(await page.locator('.post-list .post-title').first().innerText(), 'Post 189');
    assert.deepEqual(fetched, ['index/home-2.json']);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a post opened from a list fetches its route shard only, and links its neighbours', T, async () => {
  const { page, problems, fetched } = await recorded();
  try {
    await page.goto(url('/'));
    await ready(page, '.post-list');
    fetched.length = 0;
    await page.locator('.post-list a', { hasText: 'Post 197' }).first().click();
    await ready(page, '.post-body');
    assert.equal(await page.locator('main h1').innerText(), 'Post 197');
    assert.equal(fetched.length, 1, `${fetched}`);
    assert.match(fetched[0], /^index\/route-\d\.json$/);
    assert.equal(await page.locator('.post-nav .prev').innerText(), '← Post 196');
    assert.equal(await page.locator('.post-nav .next').innerText(), 'Post 198 →');

    // Its older neighbour, through the link the shard gave: at most its own shard more.
    fetched.length = 0;
    await page.locator('.post-nav .prev').click();
    await ready(page, '.post-body');
    assert.equal(await page.locator('main h1').innerText(), 'Post 196');
    assert.ok(fetched.every((f) => /^index\/route-\d\.json$/.test(f)) && fetched.length <= 1, `${fetched}`);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a deep link to a post, a tag and a year fetches the index alone, and the views of the shell their own part', T, async () => {
  const { page, problems, fetched } = await recorded();
  try {
    await page.goto(url('/2024/01/15/post-106/'));
    await ready(page, '.post-body');
    assert.equal(await page.locator('main h1').innerText(), 'Post 106');
    assert.deepEqual(fetched, ['index.json'], 'its page is final: the index alone, to route what comes next');

    // A tag's and a year's pages of `quire build` are final too: the index alone.
    fetched.length = 0;
    await page.goto(url('/tags/fifth/'));
    await ready(page, '.post-index');
    assert.equal(await page.locator('.post-index li').count(), 40);
    assert.deepEqual(fetched, ['index.json']);

    fetched.length = 0;
    await page.goto(url('/archive/2023/'));
    await ready(page, '.post-index');
    assert.equal(await page.locator('main h1').innerText(), 'Posts of 2023');
    assert.equal(await page.locator('.post-index li').count(), 92, 'October to December 2023');
    assert.deepEqual(fetched, ['index.json']);

    // The shell's own archive shows every year, so it fetches every year's part; its
    // headings link the years, whose view has its part already.
    fetched.length = 0;
    await page.locator('.site-header a', { hasText: 'Archive' }).click();
    await ready(page, '.archive-year');
    assert.equal(await page.locator('.archive-year').count(), 2);
    assert.deepEqual(fetched.sort(), ['index/year-0.json', 'index/year-1.json']);
    await page.locator('.archive-year h2 a', { hasText: '2024' }).click();
    await ready(page, '.post-index');
    assert.equal(await page.locator('main h1').innerText(), 'Posts of 2024');
    assert.equal(fetched.length, 2, 'nothing more');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

/**
 * Opens the kept page at `sitePath` and follows `link` to the post titled `title` while the
 * reader's module is held back until a route shard is asked for: a shell that needed the
 * engine to find the shard (routeShard) would ask only after the hold ends. Returns the
 * page (still open: the caller closes it) after checking the one shard fetched is the link's.
 */
async function followWhileEngineHeld(sitePath, link, title) {
  const { page, problems, fetched } = await recorded();
  let shardAsked;
  const asked = new Promise((resolve) => (shardAsked = resolve));
  let askedWhileHeld = false;
  page.on('request', (request) => {
    if (/\/posts\/index\/route-\d+\.json$/.test(new URL(request.url()).pathname)) shardAsked();
  });
  await page.route('**/pkg/quire_bg.wasm', async (route) => {
    askedWhileHeld = await Promise.race([asked.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
    await route.continue();
  });
  await page.goto(url(sitePath));
  await page.locator('main[data-ready][data-final]').waitFor({ timeout: 30_000 });
  const target = page.locator(link).first();
  const shard = await target.getAttribute('data-shard');
  assert.match(shard ?? '', /^\d+$/, 'the link names its route shard');
  fetched.length = 0;
  await target.click();
  await page.locator('main[data-ready] h1', { hasText: title }).waitFor({ timeout: 30_000 });
  assert.equal(askedWhileHeld, true, 'the shard was asked for before the engine arrived');
  assert.deepEqual(fetched, [`index/route-${shard}.json`]);
  assert.deepEqual(unexpected(problems), []);
  return page;
}

test('from a kept post page, the route shard of the older post is fetched while the engine still downloads', T, async () => {
  const page = await followWhileEngineHeld('/2024/01/15/post-106/', '.post-nav .prev', 'Post 105');
  try {
    // The shell's own post view writes the shard on its links too.
    assert.match((await page.locator('.post-nav .prev').getAttribute('data-shard')) ?? '', /^\d+$/);
  } finally {
    await page.close();
  }
});

test('from a kept tag page, the route shard of a listed post is fetched while the engine still downloads', T, async () => {
  const page = await followWhileEngineHeld('/tags/fifth/', '.post-index a:text-is("Post 100")', 'Post 100');
  await page.close();
});

/**
 * Opens `sitePath` and waits for the shell's `selector`, then as long as Chrome waits before it
 * warns of a preload left unused: { requested (site files: posts/…), preloaded (the <link
 * rel=preload> of posts/…), taken (the files whose response came from a preload), warnings }.
 */
async function openCold(sitePath, selector) {
  const { page } = await browser.newPage();
  const problems = collectProblems(page);
  const warnings = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning') warnings.push(msg.text());
  });
  const requested = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/posts/')) requested.push(pathname.slice(1));
  });
  try {
    await page.goto(url(sitePath));
    await ready(page, selector);
    await page.waitForTimeout(3_500);
    const seen = await page.evaluate(() => ({
      preloaded: [...document.querySelectorAll('link[rel="preload"][as="fetch"]')]
        .map((link) => new URL(link.href).pathname.slice(1))
        .filter((file) => file.startsWith('posts/')),
      taken: performance
        .getEntriesByType('resource')
        .filter((e) => e.initiatorType === 'link')
        .map((e) => new URL(e.name).pathname.slice(1))
        .filter((file) => file.startsWith('posts/')),
    }));
    assert.deepEqual(unexpected(problems), []);
    return { requested, warnings, ...seen };
  } finally {
    await page.close();
  }
}

test('a post opened at its address asks once for the index alone, from the start: its page is final', T, async () => {
  const { requested, preloaded, taken, warnings } = await openCold('/2024/01/15/post-106/', '.post-body');
  assert.deepEqual(requested, ['posts/index.json'], 'neither its file nor its route shard');
  assert.deepEqual([...preloaded].sort(), [...requested].sort(), 'the page preloads what the shell fetches');
  assert.deepEqual([...taken].sort(), [...requested].sort(), 'and the shell takes the preloaded responses');
  assert.deepEqual(warnings.filter((w) => /preload/i.test(w)), [], 'no preload left unused');
});

test('the home opened at its address asks once for the index alone, from the start: its page is final', T, async () => {
  const { requested, preloaded, taken, warnings } = await openCold('/', '.post-list');
  assert.deepEqual([...requested].sort(), ['posts/index.json']);
  assert.deepEqual([...preloaded].sort(), [...requested].sort());
  assert.deepEqual([...taken].sort(), [...requested].sort());
  assert.deepEqual(warnings.filter((w) => /preload/i.test(w)), []);
});

test('a path that is no post says so after one shard, and never fetches the whole list', T, async () => {
  const { page, fetched } = await recorded();
  try {
    await page.goto(url('/no/such/post/'));
    await ready(page, '.not-found');
    assert.ok(!fetched.includes('index/all.json'), `${fetched}`);
    assert.ok(fetched.filter((f) => f.startsWith('index/route-')).length <= 1, `${fetched}`);
  } finally {
    await page.close();
  }
});

/**
 * Builds a small site of `posts`, serves it and opens a page on it: `fn({ page, url })` runs
 * with that page, and everything is closed and removed afterwards, whatever happened.
 */
async function withSite(posts, title, fn) {
  const small = await buildSite({ posts, config: `title: ${title}\n` });
  const smallServer = await serveSite(small);
  const { page } = await browser.newPage();
  try {
    await fn({ page, url: smallServer.url });
  } finally {
    await page.close();
    await smallServer.close();
    await small.remove();
  }
}

test('a post linking another by its file gets the post list first and links it right', T, async () => {
  const posts = {
    '2024-01-01-target.md': '---\ntitle: Target\n---\nHere.\n',
    '2024-02-01-linker.md': '---\ntitle: Linker\n---\nSee [the target]({% post_url 2024-01-01-target %}).\n',
  };
  await withSite(posts, 'Links', async ({ page, url }) => {
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(url);
    await page.locator('main[data-ready] .post-list').waitFor({ timeout: 30_000 });
    assert.ok(!fetched.includes('/posts/index/all.json'), 'the home needs no post list');
    await page.locator('.post-list a', { hasText: 'Linker' }).first().click();
    await page.locator('main[data-ready] .post-body').waitFor({ timeout: 30_000 });
    assert.ok(fetched.includes('/posts/index/all.json'));
    assert.equal(await page.locator('.post-body a').getAttribute('href'), '/2024/01/01/target/');
  });
});

test('a post whose permalink ends in .html opens in the page from a list, as any other post', T, async () => {
  const posts = {
    '2024-01-01-plain.md': '---\ntitle: Plain\n---\nPlain.\n',
    '2024-02-01-dotted.md': '---\ntitle: Dotted\npermalink: /notes/dotted.html\n---\nThe dotted body.\n',
  };
  await withSite(posts, 'Dots', async ({ page, url }) => {
    await page.goto(url);
    await page.locator('main[data-ready] .post-list').waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      window.__samePage = true;
    });
    await page.locator('.post-list a', { hasText: 'Dotted' }).first().click();
    await page.locator('main[data-ready] .post-body', { hasText: 'The dotted body.' }).waitFor({ timeout: 30_000 });
    assert.equal(new URL(page.url()).pathname, '/notes/dotted.html');
    assert.equal(await page.evaluate(() => window.__samePage), true, 'no new document was loaded');
  });
});
