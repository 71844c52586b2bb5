// The post page in a real browser: the seed post in a site built by the `quire` CLI, served
// over HTTP, the wasm build from www/pkg (run `make wasm` first), Chromium driven by
// playwright-core. The rest of the blog: blog.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';
import { buildSite, serveSite, needsQuire, quireBinary } from './site.mjs';

const SEED = '2024-01-15-transitioning-to-technical-program-management.md';
const TITLE = 'Transitioning to Technical Program Management: Lessons from 8 Years in Operations';
const T = needsQuire({ timeout: 60_000 });

let site;
let server;
let browser;
let permalink;

before(async () => {
  if (!quireBinary()) return;
  site = await buildSite({ copy: [SEED], config: 'title: Quire\n' });
  permalink = site.index.posts.find((p) => p.path === `posts/${SEED}`).permalink;
  server = await serveSite(site);
  // West of UTC: a date-only value read as a UTC instant would show the day before here.
  browser = await launch({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.remove();
});

const postUrl = () => new URL(permalink.slice(1), server.url).href;

/** Opens the seed post and waits until the shell shows it, or an error. */
async function open(b, { url = postUrl(), setup } = {}) {
  const { page, problems } = await b.newPage();
  await setup?.(page);
  await page.goto(url);
  await page.locator('main[data-ready], main .status.is-error').first().waitFor({ timeout: 30_000 });
  return { page, problems };
}

test('the seed post opens at its permalink with its title in an h1 and its sections', T, async () => {
  assert.equal(permalink, '/2024/01/15/transitioning-to-technical-program-management/');
  const { page, problems } = await open(browser);
  try {
    assert.equal(await page.locator('main .status').count(), 0, 'no error or loading message is left on the page');
    assert.equal((await page.locator('h1').allTextContents()).map((t) => t.trim()).join('|'), TITLE);
    const heading = page
      .locator('.post-body :is(h1, h2, h3, h4, h5, h6)')
      .filter({ hasText: 'The Operations Foundation' });
    assert.equal(await heading.count(), 1);
    assert.ok(await heading.isVisible());
    assert.match(await page.locator('.reading-time').innerText(), /^\d+ min read$/);
    assert.equal(await page.title(), `${TITLE} · Quire`);
    assert.ok(await page.locator('header').first().isVisible());
    assert.equal(await page.locator('main article').count(), 1);
    assert.deepEqual(problems, [], 'no console errors and no page errors');
  } finally {
    await page.close();
  }
});

test('the home page shows the seed post with its excerpt and a link to the rest', T, async () => {
  const { page } = await browser.newPage();
  try {
    await page.goto(server.url);
    await page.locator('main[data-ready] .post-summary').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.post-summary .post-title').textContent(), TITLE);
    assert.match(await page.locator('.post-summary .excerpt').innerText(), /After eight years leading operations/);
    assert.equal(await page.locator('.post-summary .more a').getAttribute('href'), permalink.slice(1));
  } finally {
    await page.close();
  }
});

test('a date-only post date shows as the same day west of UTC', T, async () => {
  const { page, problems } = await open(browser);
  try {
    const time = page.locator('.post-header time');
    assert.equal(await time.innerText(), 'Jan 15, 2024');
    assert.equal(await time.getAttribute('datetime'), '2024-01-15');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a date-only post date shows as the same day far east of UTC', T, async () => {
  const east = await launch({ locale: 'en-US', timezoneId: 'Pacific/Kiritimati' });
  try {
    const { page, problems } = await open(east);
    assert.equal(await page.locator('.post-header time').innerText(), 'Jan 15, 2024');
    assert.deepEqual(problems, []);
  } finally {
    await east.close();
  }
});

test('a post that cannot be fetched shows a visible error and throws nothing', T, async () => {
  const { page, problems } = await open(browser, {
    url: server.url,
    setup: (p) => p.route(`**/posts/${SEED}`, (route) => route.fulfill({ status: 404, body: 'gone' })),
  });
  try {
    await page.locator('.post-summary .more a').click();
    const status = page.locator('main .status.is-error');
    await status.waitFor({ timeout: 30_000 });
    assert.ok(await status.isVisible());
    assert.match(await status.innerText(), new RegExp(`${SEED.replace(/\./g, '\\.')}.*404`));
    assert.equal(await page.locator('.post-body').count(), 0);
    assert.equal(await page.locator('h1').innerText(), TITLE, 'the title still comes from the index');
    assert.deepEqual(
      problems.filter((p) => p.startsWith('page error')),
      [],
      'no uncaught exception or rejection',
    );
  } finally {
    await page.close();
  }
});

test('a post with broken front matter still shows its body and lists the problem', T, async () => {
  const { page, problems } = await open(browser, {
    url: server.url, // the shell parses the file it links (a deep link shows the CLI's page)
    setup: (p) =>
      p.route(`**/posts/${SEED}`, (route) =>
        route.fulfill({
          contentType: 'text/markdown; charset=utf-8',
          body: '---\ntitle: [unclosed\n---\n\n## Still here\n\nThe body renders.\n',
        }),
      ),
  });
  try {
    await page.locator('.post-summary .more a').click();
    await page.locator('main[data-ready]:not([data-prerendered]) .post-body h2').waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('.post-body h2', { hasText: 'Still here' }).isVisible());
    const diagnostics = page.locator('.diagnostics');
    assert.ok(await diagnostics.isVisible());
    assert.match(await diagnostics.innerText(), /error: .+\(line \d+/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a final page needs no Markdown engine: with none to load, the post shows and nothing throws', T, async () => {
  const wasm = [];
  const { page, problems } = await open(browser, {
    setup: (p) =>
      p.route('**/pkg/quire_bg.wasm', (route) => {
        wasm.push(route.request().url());
        return route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken build' });
      }),
  });
  try {
    await page.locator('main[data-ready]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main h1').innerText(), TITLE);
    assert.ok(await page.locator('.post-body h2', { hasText: 'The Operations Foundation' }).isVisible());
    assert.deepEqual(wasm, [], 'never asked for');
    assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  } finally {
    await page.close();
  }
});

test('a Markdown engine that fails to load leaves the prerendered post in place and throws nothing', T, async () => {
  const { page, problems } = await open(browser, {
    setup: async (p) => {
      p.route('**/pkg/quire_bg.wasm', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken build' }));
      // A page the shell renders over, as under `quire serve`: the same page without data-final.
      await p.route(postUrl(), async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(' data-final>', '>');
        assert.ok(!body.includes('data-final'));
        await route.fulfill({ response, body });
      });
    },
  });
  try {
    await page.locator('main[data-ready]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main h1').innerText(), TITLE);
    assert.ok(await page.locator('.post-body h2', { hasText: 'The Operations Foundation' }).isVisible());
    assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  } finally {
    await page.close();
  }
});

test('a Markdown engine that fails to load shows a visible error where nothing was prerendered', T, async () => {
  const { page, problems } = await open(browser, {
    url: server.url,
    setup: (p) =>
      p.route('**/pkg/quire_bg.wasm', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken build' })),
  });
  try {
    await page.locator('.post-summary .more a').click();
    const status = page.locator('main .status.is-error');
    await status.waitFor({ timeout: 30_000 });
    assert.match(await status.innerText(), /Could not start the Markdown engine/);
    assert.equal(await page.locator('main h1').innerText(), TITLE);
    assert.equal(await page.locator('.post-body').count(), 0);
    assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  } finally {
    await page.close();
  }
});

test('without posts/index.json prerendered pages stay readable and other pages say what is missing', T, async () => {
  const { page, problems } = await browser.newPage();
  try {
    await page.route('**/posts/index.json', (route) => route.fulfill({ status: 404, body: 'none' }));
    await page.goto(postUrl());
    await page.locator('main:not([aria-busy])').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main h1').innerText(), TITLE);
    assert.ok(await page.locator('.post-body h2', { hasText: 'The Operations Foundation' }).isVisible());
    await page.goto(server.url);
    await page.locator('main:not([aria-busy])').waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('main a.u-url', { hasText: TITLE }).isVisible(), 'the prerendered home lists the post');
    await page.goto(new URL('no/such/page/', server.url).href);
    const status = page.locator('main .status.is-error');
    await status.waitFor({ timeout: 30_000 });
    assert.match(await status.innerText(), /posts\/index\.json.*404.*quire build/);
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  } finally {
    await page.close();
  }
});
