// `quire serve` live: an edited post re-renders in place in the open page (scroll kept, no reload),
// a new draft shows with its badge, and the server announces one change per edit
// (/_quire/events). The fixture blog of fixture-blog.mjs, served by the `quire` CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { launch } from './browser.mjs';
import { buildSite, unexpected, needsQuire, quireBinary, startQuireServe } from './site.mjs';
import { CONFIG, POSTS, PAGES, openPage, view } from './fixture-blog.mjs';

const T = needsQuire({ timeout: 120_000 });

let browser;

before(async () => {
  if (!quireBinary()) return;
  browser = await launch({ locale: 'en-US', timezoneId: 'America/Los_Angeles', viewport: { width: 1000, height: 700 } });
});

after(async () => {
  await browser?.close();
});

/** A page of the site served at `base`, opened and shown. */
const open = (sitePath, { base }) => openPage(browser, new URL(sitePath.replace(/^\//, ''), base).href);

test('under quire serve, an edited post re-renders in place and keeps the scroll position', T, async () => {
  const live = await buildSite({ posts: POSTS, pages: PAGES, config: CONFIG, build: false });
  const served = await startQuireServe(live.dir);
  try {
    const { page, problems } = await open('/2024/05/01/long-read/', { base: served.url });
    try {
      assert.equal(await page.locator('.badge-draft').count(), 0);
      await page.setViewportSize({ width: 1000, height: 400 });
      await page.evaluate(() => {
        window.__sameDocument = true;
        window.scrollTo(0, 500);
        document.querySelector('.post-body').__marker = 'old';
      });
      // A change to a post not on screen: the view stays as it is.
      await appendFile(path.join(live.dir, 'posts/2023-12-24-last-year.md'), '\nAn edit elsewhere.\n');
      await page.waitForTimeout(1500);
      assert.equal(await page.evaluate(() => document.querySelector('.post-body').__marker), 'old');

      await appendFile(path.join(live.dir, 'posts/2024-05-01-long-read.md'), '\nA paragraph added live.\n');
      await page.locator('.post-body p', { hasText: 'A paragraph added live.' }).waitFor({ timeout: 20_000 });
      await view(page, '.post-body');
      assert.equal(await page.evaluate(() => document.querySelector('.post-body').__marker), undefined, 'rendered again');
      assert.equal(await page.evaluate(() => window.scrollY), 500, 'same scroll position');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');

      // quire serve keeps drafts, with a badge: a list view picks a new one up.
      await page.locator('.site-title').click();
      await view(page, '.post-list');
      assert.ok(await page.locator('.post-summary', { hasText: 'A draft' }).locator('.badge-draft').isVisible());
      assert.deepEqual(unexpected(problems), []);
    } finally {
      await page.close();
    }
  } finally {
    await served.close();
    await live.remove();
  }
});

test('quire serve sends one change event per edit, not a stream', T, async () => {
  const live = await buildSite({ posts: POSTS, config: CONFIG, build: false });
  const served = await startQuireServe(live.dir);
  const controller = new AbortController();
  try {
    const res = await fetch(new URL('_quire/events', served.url), { signal: controller.signal });
    const events = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        for (const line of decoder.decode(chunk).split('\n')) if (line.startsWith('data:')) events.push(line);
      }
    })().catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    await appendFile(path.join(live.dir, 'posts/2024-02-01-plain-text.md'), '\nEdited.\n');
    await new Promise((r) => setTimeout(r, 3000));
    controller.abort();
    await reading;
    assert.ok(events.length >= 1, 'the edit was announced');
    assert.ok(
      events.length <= 2,
      `${events.length} change events in 3 s after one edit (rebuilding reads every file; read events must not count as changes): ${events.slice(0, 3).join(' | ')}`,
    );
  } finally {
    controller.abort();
    await served.close();
    await live.remove();
  }
});
