// The post page in a real browser: www/ served over HTTP, the wasm build from www/pkg
// (run `make wasm` first), Chromium driven by playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { launch } from './browser.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const TITLE = 'Transitioning to Technical Program Management: Lessons from 8 Years in Operations';
const TIMEOUT = { timeout: 60_000 };

let server;
let browser;

before(async () => {
  server = await startServer({ root: WWW, host: '127.0.0.1', port: 0 });
  // West of UTC: a date-only value read as a UTC instant would show the day before here.
  browser = await launch({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page and waits until it shows either the post or an error. */
async function open(b, query = '') {
  const { page, problems } = await b.newPage();
  await page.goto(new URL(query, server.url).href);
  await page.locator('#post:not([hidden]), #status.is-error').first().waitFor({ timeout: 30_000 });
  return { page, problems };
}

test('the home page shows the seed post with its title in an h1 and its sections', TIMEOUT, async () => {
  const { page, problems } = await open(browser);
  try {
    const status = await page.locator('#status').evaluate((el) => (el.hidden ? '' : el.textContent));
    assert.equal(status, '', 'no error or loading message is left on the page');

    assert.equal((await page.locator('h1').allTextContents()).map((t) => t.trim()).join('|'), TITLE);
    const heading = page
      .locator('#post-body :is(h1, h2, h3, h4, h5, h6)')
      .filter({ hasText: 'The Operations Foundation' });
    assert.equal(await heading.count(), 1);
    assert.ok(await heading.isVisible());

    assert.match(await page.locator('#post-excerpt').innerText(), /After eight years leading operations/);
    assert.match(await page.locator('#post-reading').innerText(), /^\d+ min read$/);
    assert.equal(await page.title(), `${TITLE} · Quire`);
    assert.ok(await page.locator('header').first().isVisible());
    assert.equal(await page.locator('main article').count(), 1);

    assert.deepEqual(problems, [], 'no console errors and no page errors');
  } finally {
    await page.close();
  }
});

test('a date-only post date shows as the same day west of UTC', TIMEOUT, async () => {
  const { page, problems } = await open(browser);
  try {
    const time = page.locator('#post-date');
    assert.equal(await time.innerText(), 'Jan 15, 2024');
    assert.equal(await time.getAttribute('datetime'), '2024-01-15');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a date-only post date shows as the same day far east of UTC', TIMEOUT, async () => {
  const east = await launch({ locale: 'en-US', timezoneId: 'Pacific/Kiritimati' });
  try {
    const { page, problems } = await open(east);
    assert.equal(await page.locator('#post-date').innerText(), 'Jan 15, 2024');
    assert.deepEqual(problems, []);
  } finally {
    await east.close();
  }
});

test('a post that cannot be fetched shows a visible error and throws nothing', TIMEOUT, async () => {
  const { page, problems } = await open(browser, '?post=no-such-post.md');
  try {
    const status = page.locator('#status.is-error');
    assert.ok(await status.isVisible());
    assert.match(await status.innerText(), /no-such-post\.md.*404/);
    assert.ok(await page.locator('#post').isHidden());
    assert.deepEqual(
      problems.filter((p) => p.startsWith('page error')),
      [],
      'no uncaught exception or rejection',
    );
  } finally {
    await page.close();
  }
});

test('a post with broken front matter still shows its body and lists the problem', TIMEOUT, async () => {
  const { page, problems } = await browser.newPage();
  try {
    await page.route('**/posts/broken.md', (route) =>
      route.fulfill({
        contentType: 'text/markdown; charset=utf-8',
        body: '---\ntitle: [unclosed\n---\n\n## Still here\n\nThe body renders.\n',
      }),
    );
    await page.goto(new URL('?post=broken.md', server.url).href);
    await page.locator('#post:not([hidden])').waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('#post-body h2', { hasText: 'Still here' }).isVisible());
    const diagnostics = page.locator('#diagnostics');
    assert.ok(await diagnostics.isVisible());
    assert.match(await diagnostics.innerText(), /error: .+\(line \d+/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a Markdown engine that fails to load shows a visible error and throws nothing', TIMEOUT, async () => {
  const { page, problems } = await browser.newPage();
  try {
    await page.route('**/pkg/quire_bg.wasm', (route) =>
      route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken build' }),
    );
    await page.goto(server.url);
    const status = page.locator('#status.is-error');
    await status.waitFor({ timeout: 30_000 });
    assert.match(await status.innerText(), /Could not start the Markdown engine/);
    assert.ok(await page.locator('#post').isHidden());
    assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  } finally {
    await page.close();
  }
});
