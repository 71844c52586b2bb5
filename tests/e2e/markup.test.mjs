// The shell and the CLI write the same markup (docs/site-contract.md): the shell's own views,
// reached by links, against the pages `quire build` prerenders for the same routes (final
// pages the shell keeps as they are), in real Chromium over the fixture blog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unexpected, needsQuire } from './site.mjs';
import { openPage, useFixtureBlog } from './fixture-blog.mjs';

const T = needsQuire({ timeout: 120_000 });

const blog = useFixtureBlog();

const url = (sitePath) => new URL(sitePath.replace(/^\//, ''), blog.server.url).href;
const open = (sitePath) => openPage(blog.browser, url(sitePath));

test('the shell writes the same post and page markup as the CLI prerenders', T, async () => {
  for (const sitePath of ['/2024/05/01/long-read/', '/about/']) {
    await sameMarkup(sitePath);
  }
});

/**
 * The children of <main> in the CLI's page `html` and in the page now, as [cli, shell]: element
 * names, attributes and text, white space between tags aside, a date's text aside (the shell
 * shows it in the reader's locale), math and code as written (before enhance.js typesets and
 * highlights them).
 */
function mainShapes(page, html) {
  return page.evaluate((html) => {
    const shape = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent.trim() ? node.textContent.replace(/\s+/g, ' ').trim() : null;
      if (node.nodeType !== Node.ELEMENT_NODE) return null;
      const attrs = [...node.attributes]
        .filter((a) => a.name !== 'data-tex' && a.name !== 'data-highlighted')
        .map((a) => `${a.name}=${a.name === 'class' ? a.value.replace(/(^| )hljs\b/, '').trim() : a.value}`)
        .sort();
      if (node.dataset.tex !== undefined) return [node.localName, attrs, [node.dataset.tex]];
      if (node.localName === 'code') return [node.localName, attrs, [node.textContent]];
      const kids = node.localName === 'time' ? [] : [...node.childNodes].map(shape).filter((k) => k !== null);
      return [node.localName, attrs, kids];
    };
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const children = (main) => [...main.childNodes].map(shape).filter((k) => k !== null);
    return [children(doc.querySelector('main')), children(document.querySelector('main'))];
  }, html);
}

test('the shell writes the same home pages as the CLI prerenders', T, async () => {
  // The shell's own home views: reached from a post's page, then through the pagination.
  const { page, problems } = await open('/about/');
  try {
    await page.locator('.site-title').click();
    await page.waitForURL(url('/'));
    for (const sitePath of ['/', '/page/2/', '/page/3/']) {
      if (sitePath !== '/') {
        await page.locator('.pagination a.older').click();
        await page.waitForURL(url(sitePath));
      }
      await page.locator('main[data-ready]:not([data-prerendered]) .post-list').waitFor({ timeout: 30_000 });
      const prerendered = await (await page.request.get(url(sitePath))).text();
      assert.match(prerendered, new RegExp(`<main id="content" data-prerendered="${sitePath}" data-final>`));
      const [cli, shell] = await mainShapes(page, prerendered);
      assert.deepEqual(shell, cli, sitePath);
    }
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('the shell writes the same tag, archive and year pages as the CLI prerenders', T, async () => {
  // The shell's own list views, reached by links from a post's page (a deep link keeps the
  // CLI's page, final under `quire build`).
  const { page, problems } = await open('/about/');
  try {
    for (const [link, sitePath] of [
      ['.site-header a[href="tags/"]', '/tags/'],
      ['.tag-index a[href="tags/rust-lang/"]', '/tags/rust-lang/'],
      ['.site-header a[href="archive/"]', '/archive/'],
      ['.archive-year h2 a[href="archive/2024/"]', '/archive/2024/'],
    ]) {
      await page.locator(link).first().click();
      await page.waitForURL(url(sitePath));
      await page.locator('main[data-ready]:not([data-prerendered]) h1').waitFor({ timeout: 30_000 });
      const prerendered = await (await page.request.get(url(sitePath))).text();
      assert.match(prerendered, new RegExp(`<main id="content" data-prerendered="${sitePath}" data-final>`));
      const [cli, shell] = await mainShapes(page, prerendered);
      assert.ok(shell.length > 1, sitePath);
      assert.deepEqual(shell, cli, sitePath);
    }
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

async function sameMarkup(sitePath) {
  // The shell's own rendering: reached from the home page (a deep link keeps the CLI's page).
  const { page, problems } = await open('/');
  try {
    const prerendered = await (await page.request.get(url(sitePath))).text();
    await page.locator(`a[href="${sitePath.slice(1)}"]`).first().click();
    await page.waitForURL(url(sitePath));
    await page.locator('main[data-ready]:not([data-prerendered]) article.post').waitFor({ timeout: 30_000 });
    // Element names, attributes and text, white space between tags aside; dates aside (the
    // shell shows them in the reader's locale).
    const [cli, shell] = await page.evaluate((html) => {
      const shape = (node) => {
        if (node.nodeType === Node.TEXT_NODE) return node.textContent.trim() ? node.textContent.replace(/\s+/g, ' ') : null;
        if (node.nodeType !== Node.ELEMENT_NODE) return null;
        const attrs = [...node.attributes].map((a) => `${a.name}=${a.value}`).sort();
        const kids = node.localName === 'time' ? [] : [...node.childNodes].map(shape).filter((k) => k !== null);
        return [node.localName, attrs, kids];
      };
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return [shape(doc.querySelector('main article')), shape(document.querySelector('main article'))];
    }, prerendered);
    assert.deepEqual(shell, cli, sitePath);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
}
