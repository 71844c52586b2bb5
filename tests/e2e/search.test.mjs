// Search as readers use it, in real Chromium over a site built by the `quire` CLI and served
// like a static host: the box in the site header (results as you type, keyboard, the post
// opened with its words marked), the /search/?q= page (deep link, more results), what is never
// found (search: false, drafts), hostile text shown as text, and nothing of search loaded
// before the box is used. No assertion measures time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { launch } from './browser.mjs';
import { buildSite, serveSite, collectProblems, unexpected, needsQuire, quireBinary, startQuireServe } from './site.mjs';
import { watchedPage } from './watch.mjs';

const T = needsQuire({ timeout: 120_000 });
const HOSTILE = '<img src=x onerror=alert(1)>';

// Filler words between "levain" and "zanzibar" in byte order put those two in different term
// chunks (12 KB each), so one query can wait for its chunk while another is answered.
const FILLER = Array.from({ length: 2600 }, (_, i) => `mfill${String(i).padStart(4, '0')}`).join(' ');

const POSTS = {
  '2024-01-10-sourdough-basics.md':
    '---\ntitle: Sourdough basics\ntags: [baking, bread]\n---\nA starter needs flour and water.\n\nFeed the levain every morning and keep it warm.\n',
  '2024-02-10-pancakes.md': '---\ntitle: Pancakes\ntags: [baking]\n---\nFlour, milk and eggs, whisked.\n',
  '2024-03-10-hostile.md': `---\ntitle: "${HOSTILE} zanzibar"\ntags: ["${HOSTILE}"]\n---\nThe zanzibar notes quote \`${HOSTILE}\` and \\${HOSTILE} as text.\n`,
  '2024-04-10-hidden.md': '---\ntitle: Hidden quokka\nsearch: false\n---\nThe quokka is a secret.\n',
  '2024-05-10-a-draft.md': '---\ntitle: Draft wombat\ndraft: true\n---\nThe wombat is not out yet.\n',
  '2023-06-01-word-list.md': `---\ntitle: Word list\n---\n${FILLER}\n`,
};
// Enough posts with one word for more than one page of results (20 at a time).
for (let i = 1; i <= 23; i++) {
  const day = String(i).padStart(2, '0');
  POSTS[`2022-01-${day}-pebble-${i}.md`] = `---\ntitle: Pebble ${i}\n---\nPebble number ${i} of the beach.\n`;
}
const SOURDOUGH = '/2024/01/10/sourdough-basics/';

let site;
let server;
let browser;

before(async () => {
  if (!quireBinary()) return;
  site = await buildSite({ posts: POSTS, config: 'title: Search Fixture\n' });
  server = await serveSite(site);
  browser = await launch({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1000, height: 800 } });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.remove();
});

const url = (sitePath) => new URL(sitePath.replace(/^\//, ''), server.url).href;

async function ready(page, selector = ':scope > *') {
  await page.locator('main[data-ready]').locator(selector).first().waitFor({ timeout: 30_000 });
}

async function open(sitePath) {
  const { page } = await browser.newPage();
  const problems = collectProblems(page);
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const response = await page.goto(url(sitePath));
  await ready(page);
  return { page, problems, requests, response };
}

const box = (page) => page.locator('.site-header input[name="q"]');
const titles = (locator) => locator.evaluateAll((els) => els.map((e) => e.textContent.trim()));

test('the build writes a search page next to the index files and a search form in every page header', T, async () => {
  const files = await readdir(path.join(site.out, 'search'));
  assert.ok(files.includes('index.html'), `search/ holds ${files.join(', ')}`);
  assert.ok(files.includes('meta.json'));
  const searchPage = await readFile(path.join(site.out, 'search/index.html'), 'utf8');
  assert.match(searchPage, /<title>Search · Search Fixture<\/title>/);
  assert.match(searchPage, /<form class="search-page-form" role="search" action="search\/" method="get">/);
  assert.match(searchPage, /<noscript>.*enable JavaScript.*<\/noscript>/);
  const postPage = await readFile(path.join(site.out, SOURDOUGH.slice(1), 'index.html'), 'utf8');
  assert.match(postPage, /<form class="site-search" role="search" action="search\/" method="get">/);
  assert.match(postPage, /<input id="site-search-q" type="search" name="q"/);
  const res = await fetch(url('/search/?q=levain'));
  assert.equal(res.status, 200, 'a static host answers the search route with its page');
});

test('a post page loads nothing of search until the box gets focus', T, async () => {
  const { page, problems, requests } = await open(SOURDOUGH);
  try {
    const searchy = () => requests.filter((p) => /\/search\/|search[^/]*\.js$/.test(p));
    assert.deepEqual(searchy(), [], 'cold start');
    const loaded = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/js/blog/search.js'));
    await box(page).focus();
    await loaded;
    assert.ok(!searchy().some((p) => p.includes('/search/')), 'no index file before a word is typed');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('typing in the header box lists posts with a snippet, and Enter opens the first with the words marked', T, async () => {
  const { page, problems } = await open('/');
  try {
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q', '/ focuses the box');
    await page.keyboard.type('levain');
    const option = page.locator('.search-popup [role="option"]', { hasText: 'Sourdough basics' });
    await option.waitFor();
    assert.equal(await box(page).getAttribute('aria-expanded'), 'true');
    assert.equal(await box(page).getAttribute('role'), 'combobox');
    assert.match(await option.locator('time').textContent(), /^Jan 10, 2024$/);
    assert.match(await option.locator('.search-option-tags').textContent(), /baking, bread/);
    await option.locator('.search-snippet mark').first().waitFor();
    assert.equal(await option.locator('.search-snippet mark').first().textContent(), 'levain');
    assert.match(await option.locator('.search-snippet').textContent(), /Feed the levain every morning/);
    assert.equal(await page.locator('.search-status').textContent(), '1 post found');

    await page.keyboard.press('Enter');
    await page.waitForURL(url(SOURDOUGH));
    await ready(page, 'mark.search-hit');
    assert.deepEqual(await titles(page.locator('.post-body mark.search-hit')), ['levain']);
    assert.equal(await page.locator('.post-title').textContent(), 'Sourdough basics');
    assert.ok(await page.locator('.search-popup').isHidden(), 'the list closed');

    await page.reload();
    await ready(page, 'mark.search-hit');
    assert.deepEqual(await titles(page.locator('.post-body mark.search-hit')), ['levain'], 'kept on reload (history state)');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('arrow keys choose a result, Enter opens it through the router, and Escape closes the list then leaves the box', T, async () => {
  const { page, problems, requests } = await open('/');
  try {
    await box(page).click();
    await page.keyboard.type('flour');
    const options = page.locator('.search-popup [role="option"]');
    await options.nth(1).waitFor();
    const names = await titles(options.locator('.search-option-title'));
    assert.deepEqual([...names].sort(), ['Pancakes', 'Sourdough basics']);

    await page.keyboard.press('Escape');
    assert.ok(await page.locator('.search-popup').isHidden());
    assert.equal(await box(page).getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
    assert.equal(await box(page).inputValue(), 'flour', 'Escape does not clear what was typed');
    await page.keyboard.press('ArrowDown'); // opens the list again
    await page.locator('.search-popup').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = options.nth(1);
    assert.equal(await second.getAttribute('aria-selected'), 'true');
    assert.equal(await box(page).getAttribute('aria-activedescendant'), await second.getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp'); // wraps round to the last
    assert.equal(await second.getAttribute('aria-selected'), 'true');

    const documents = requests.filter((p) => p === '/').length;
    await page.keyboard.press('Enter');
    const permalink = names[1] === 'Pancakes' ? '/2024/02/10/pancakes/' : SOURDOUGH;
    await page.waitForURL(url(permalink));
    await ready(page, 'mark.search-hit');
    assert.equal(await page.locator('.post-title').textContent(), names[1]);
    assert.equal(requests.filter((p) => p === '/' || p === permalink).length, documents, 'no page load');

    await page.goBack();
    await ready(page, '.post-list');
    await box(page).click(); // the results for what is still typed
    await page.locator('.search-popup').waitFor();
    await page.keyboard.press('Escape');
    assert.ok(await page.locator('.search-popup').isHidden());
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
    await page.keyboard.press('Escape'); // nothing open: leaves the box
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('only the newest query is shown when an older one answers last', T, async () => {
  const meta = JSON.parse(await readFile(path.join(site.out, 'search/meta.json'), 'utf8'));
  assert.ok(meta.terms.length >= 2, 'the fixture spreads its words over several chunks');
  const lastChunk = meta.terms.at(-1)[1]; // holds "zanzibar", not "levain"
  const { page, problems } = await open('/');
  try {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const asked = new Promise((resolve) => {
      page.route(`**/search/${lastChunk}`, async (route) => {
        resolve();
        await held;
        await route.continue();
      });
    });
    await box(page).click();
    await page.keyboard.type('zanzibar');
    await asked; // that query waits for its chunk
    await box(page).fill('levain');
    const options = page.locator('.search-popup [role="option"]');
    await options.filter({ hasText: 'Sourdough basics' }).waitFor();
    const finished = page.waitForEvent('requestfinished', (r) => r.url().endsWith(lastChunk));
    release();
    await finished;
    // Let the late answer's own code run (a task, then its promise jobs) before looking.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    assert.deepEqual(await titles(options.locator('.search-option-title')), ['Sourdough basics']);
    assert.equal(await page.locator('.search-status').textContent(), '1 post found');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a deep link to /search/?q= opened as the first page shows the results, twenty at a time', T, async () => {
  const { page, problems, response } = await open('/search/?q=pebble');
  try {
    assert.equal(response.status(), 200);
    await ready(page, '.search-results li');
    assert.equal(await page.title(), 'Search: pebble · Search Fixture');
    assert.equal(await page.locator('#search-page-q').inputValue(), 'pebble');
    assert.equal(await page.locator('.search-summary').textContent(), '23 posts found');
    const results = page.locator('.search-results > li');
    assert.equal(await results.count(), 20);
    await results.first().locator('.search-snippet mark').waitFor();
    assert.match(await results.first().locator('.search-snippet mark').textContent(), /^pebble$/i);
    await page.locator('.more-results').click();
    await results.nth(22).waitFor();
    assert.equal(await results.count(), 23);
    assert.ok(await page.locator('.more-results').isHidden());
    const names = await titles(results.locator('.post-title'));
    assert.equal(new Set(names).size, 23, 'each post once');

    // Typing on the page updates the results and the address.
    await page.locator('#search-page-q').fill('levain');
    await page.locator('.search-results .post-title', { hasText: 'Sourdough basics' }).waitFor();
    assert.equal(await results.count(), 1);
    await page.waitForURL(url('/search/?q=levain'));
    await results.first().locator('a.result-link').click();
    await page.waitForURL(url(SOURDOUGH));
    await ready(page, 'mark.search-hit');
    assert.deepEqual(await titles(page.locator('.post-body mark.search-hit')), ['levain']);
    await page.goBack();
    await ready(page, '.search-results li');
    assert.deepEqual(await titles(results.locator('.post-title')), ['Sourdough basics']);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('Enter with no result chosen yet, or nothing found, goes to the search page', T, async () => {
  const { page, problems } = await open(SOURDOUGH);
  try {
    await box(page).click();
    await page.keyboard.type('quokka');
    await page.locator('.search-status', { hasText: 'No posts found' }).waitFor();
    assert.equal(await page.locator('.search-popup [role="option"]').count(), 0);
    await page.keyboard.press('Enter');
    await page.waitForURL(url('/search/?q=quokka'));
    await ready(page, '.search-summary');
    assert.equal(await page.locator('.search-summary').textContent(), 'No posts found');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a post marked search: false and a draft are never found', T, async () => {
  const docs = [];
  for (const name of await readdir(path.join(site.out, 'search'))) {
    if (name.startsWith('docs-')) docs.push(...JSON.parse(await readFile(path.join(site.out, 'search', name), 'utf8')));
  }
  const indexed = docs.map(([, title]) => title);
  assert.ok(indexed.includes('Sourdough basics'));
  assert.ok(!indexed.some((t) => /quokka|wombat/i.test(t)), `indexed: ${indexed.join(', ')}`);

  const { page, problems } = await open('/');
  try {
    for (const word of ['quokka', 'wombat', 'hidden', 'draft']) {
      // From a query that finds a post, so "No posts found" is this word's answer.
      await box(page).fill('levain');
      await page.locator('.search-status', { hasText: '1 post found' }).waitFor();
      await box(page).fill(word);
      await page.locator('.search-status', { hasText: 'No posts found' }).waitFor();
      assert.equal(await page.locator('.search-popup [role="option"]').count(), 0, word);
    }
    for (const word of ['quokka', 'wombat']) {
      await page.goto(url(`/search/?q=${word}`));
      await ready(page, '.search-summary');
      assert.equal(await page.locator('.search-summary').textContent(), 'No posts found');
      assert.equal(await page.locator('.search-results li').count(), 0);
    }
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a hostile title, tag and body show as text in the results, and nothing runs', T, async () => {
  const { page, fired } = await watchedPage(browser, new URL(server.url).origin);
  try {
    await page.goto(url('/'));
    page.__loaded = true;
    await ready(page);
    await box(page).click();
    await page.keyboard.type('zanzibar');
    const option = page.locator('.search-popup [role="option"]').first();
    await option.locator('.search-snippet mark').first().waitFor();
    assert.equal(await option.locator('.search-option-title').textContent(), `${HOSTILE} zanzibar`);
    assert.equal(await option.locator('.search-option-tags').textContent(), HOSTILE);
    const snippet = await option.locator('.search-snippet').textContent();
    assert.ok(snippet.includes(HOSTILE), snippet);
    assert.equal(await page.locator('.search-popup img').count(), 0);

    await page.goto(url('/search/?q=zanzibar'));
    await ready(page, '.search-results li');
    const result = page.locator('.search-results > li').first();
    await result.locator('.search-snippet mark').first().waitFor();
    assert.equal(await result.locator('.post-title').textContent(), `${HOSTILE} zanzibar`);
    assert.ok((await result.locator('.search-snippet').textContent()).includes(HOSTILE));
    assert.equal(await page.locator('main img').count(), 0, 'no element made from the text');
    assert.deepEqual(await fired(), []);
  } finally {
    await page.close();
  }
});

test('quire serve answers the search page and finds posts as the build does', T, async () => {
  const served = await startQuireServe(site.dir);
  const { page } = await browser.newPage();
  const problems = collectProblems(page);
  try {
    const res = await fetch(new URL('search/', served.url));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /class="search-page-form"/);
    await page.goto(new URL('search/?q=levain', served.url).href);
    await ready(page, '.search-results li');
    assert.deepEqual(await titles(page.locator('.search-results .post-title')), ['Sourdough basics']);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
    await served.close();
  }
});
