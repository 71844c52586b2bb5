// The whole blog in real Chromium: a site of fixture posts built by the `quire` CLI, served
// like GitHub Pages (404.html for paths without a file), driven through its routes
// (docs/site-contract.md). Every test fails on a console error or an uncaught exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';
import { serveSite, collectProblems, unexpected, needsQuire } from './site.mjs';
import { CONFIG, NEWEST_FIRST, buildFixtureBlog, openPage, useFixtureBlog, view } from './fixture-blog.mjs';

const T = needsQuire({ timeout: 120_000 });

const blog = useFixtureBlog();

const url = (sitePath, base = blog.server.url) => new URL(sitePath.replace(/^\//, ''), base).href;

/** A page of the fixture blog (under `base`), opened and shown. */
const open = (sitePath, { base = blog.server.url } = {}) => openPage(blog.browser, url(sitePath, base));

const texts = (locator) => locator.evaluateAll((els) => els.map((e) => e.textContent.trim()));

test('the home page lists posts newest first, paginate at a time, with links to older and newer pages', T, async () => {
  const { page, problems } = await open('/');
  try {
    assert.deepEqual(await texts(page.locator('.post-list .post-title')), NEWEST_FIRST.slice(0, 3));
    const summary = page.locator('.post-summary', { hasText: 'Long read' });
    assert.match(await summary.locator('time').textContent(), /^May 1, 2024$/);
    assert.match(await summary.locator('.reading-time').textContent(), /^\d+ min read$/);
    assert.deepEqual(await texts(summary.locator('.tags a')), ['notes']);
    assert.match(await summary.locator('.excerpt').textContent(), /first paragraph of a long read/);
    assert.equal(await summary.locator('.more a').getAttribute('href'), '2024/05/01/long-read/');
    assert.equal(await page.locator('.post-summary', { hasText: 'No prerender' }).locator('.more').count(), 0, 'no "Continue reading" without more');
    assert.equal(await page.locator('.badge-draft').count(), 0);
    assert.equal(await page.locator('text=A draft').count(), 0, 'quire build leaves drafts out');
    assert.equal(await page.locator('.pagination .newer').count(), 0);
    assert.equal(await page.locator('.pagination .page-number').textContent(), 'Page 1 of 3');

    await page.locator('.pagination .older').click();
    await view(page, '.post-list');
    assert.equal(new URL(page.url()).pathname, '/page/2/');
    assert.deepEqual(await texts(page.locator('.post-list .post-title')), NEWEST_FIRST.slice(3, 6));
    await page.locator('.pagination .older').click();
    await view(page, '.post-list');
    assert.deepEqual(await texts(page.locator('.post-list .post-title')), NEWEST_FIRST.slice(6));
    assert.equal(await page.locator('.pagination .older').count(), 0);
    await page.locator('.pagination .newer').click();
    await view(page, '.post-list');
    assert.equal(new URL(page.url()).pathname, '/page/2/');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('clicking a post opens it through the History API, and Back returns to the list where it was', T, async () => {
  const { page, problems, documents } = await open('/');
  try {
    await page.setViewportSize({ width: 1000, height: 400 });
    await page.evaluate(() => window.scrollTo(0, 300));
    await page.waitForTimeout(200); // the scroll position is saved as the reader scrolls
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    await page.locator('.post-list a', { hasText: 'Math notes' }).first().click();
    await view(page, 'article.post');
    assert.equal(new URL(page.url()).pathname, '/2024/04/01/math-notes/');
    assert.equal(await page.locator('h1.post-title').textContent(), 'Math notes');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new view starts at the top');

    await page.goBack();
    await view(page, '.post-list');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.waitForFunction(() => Math.abs(window.scrollY - 300) <= 2, null, { timeout: 5_000 });
    await page.goForward();
    await view(page, 'h1.post-title');
    assert.equal(await page.locator('h1.post-title').textContent(), 'Math notes');

    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load in between');
    assert.deepEqual(documents, [url('/')], 'one document request: the first');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a deep link to a post opens its final prerendered page, which the shell keeps without the engine or the file', T, async () => {
  const { page, problems, response, requests } = await open('/2024/03/01/code-sample/');
  try {
    assert.equal(response.status(), 200);
    assert.match(await response.text(), /<main id="content" data-prerendered="\/2024\/03\/01\/code-sample\/" data-route-shard="0" data-final>/);
    await view(page, 'article.post');
    assert.equal(await page.locator('main').getAttribute('data-prerendered'), '/2024/03/01/code-sample/', 'the CLI\'s page stays');
    assert.deepEqual(
      requests.filter((p) => /quire_bg\.wasm|\/pkg|\.md$|\/index\/route-/.test(p)),
      [],
      'no module, no raw file, no route shard',
    );
    assert.equal(await page.locator('article.post').getAttribute('data-path'), 'posts/2024-03-01-code-sample.md');
    assert.equal(await page.locator('h1.post-title').textContent(), 'Code sample');
    assert.equal(await page.locator('time.dt-published').getAttribute('datetime'), '2024-03-01');
    assert.equal(await page.locator('time.dt-published').textContent(), 'Mar 1, 2024', 'the same day west of UTC');
    assert.deepEqual(await texts(page.locator('.post-header .tags a')), ['Rust Lang']);
    assert.equal(await page.locator('.post-header .tags a').getAttribute('href'), 'tags/rust-lang/');
    assert.equal(await page.locator('.post-nav .prev').textContent(), '← Plain text');
    assert.equal(await page.locator('.post-nav .next').textContent(), 'Math notes →');
    assert.equal(await page.locator('.edit-link').getAttribute('href'), 'edit/2024/03/01/code-sample/');
    assert.equal(await page.locator('nav.toc').count(), 0, 'no table of contents under three headings');
    assert.ok(await page.locator('pre code.hljs').count() > 0, 'its code is highlighted');

    // Following a link from it: the shell renders the next post itself, with the reader's module.
    await page.locator('.post-nav .next').click();
    await page.waitForURL(/\/2024\/04\/01\/math-notes\/$/);
    await view(page, 'h1.post-title:text-is("Math notes")');
    assert.equal(await page.locator('main').getAttribute('data-prerendered'), null, 'the shell\'s own view now');
    assert.equal(await page.locator('main').getAttribute('data-final'), null);
    assert.ok(requests.some((p) => p.endsWith('/pkg/quire_bg.wasm')), `the reader's module came for it: ${requests}`);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a final page shows its dates in the reader\'s locale, as the shell\'s views do', T, async () => {
  const german = await launch({ locale: 'de-DE', timezoneId: 'America/Los_Angeles' });
  try {
    const { page, problems } = await german.newPage();
    await page.goto(url('/2024/03/01/code-sample/'));
    await view(page, 'article.post');
    assert.equal(await page.locator('main').getAttribute('data-final'), '', 'the CLI\'s page, kept');
    assert.equal(await page.locator('time.dt-published').textContent(), '01.03.2024');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await german.close();
  }
});

test('the first post the shell renders itself shows before the date format is made, then its date in the reader\'s locale', T, async () => {
  const german = await launch({ locale: 'de-DE', timezoneId: 'America/Los_Angeles' });
  try {
    const { page } = await german.newPage();
    const problems = collectProblems(page);
    // The date's first text, as the post's view is put in the page.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const time = document.querySelector('article.post time.dt-published');
        if (!time) return;
        window.firstDateText = time.textContent;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const target = url('/2024/06/01/no-prerender/');
    await page.goto(target);
    await view(page, 'article.post');
    assert.equal(await page.evaluate(() => window.firstDateText), '2024-06-01', 'as the file writes it: the locale\'s format is made after the first paint');
    assert.equal(await page.locator('time.dt-published').textContent(), '01.06.2024', 'then in the reader\'s locale, once the view is ready');
    assert.deepEqual(unexpected(problems, { documentUrls: [target] }), []);
  } finally {
    await german.close();
  }
});

test('a deep link to a post without a prerendered page works through 404.html', T, async () => {
  const target = url('/2024/06/01/no-prerender/');
  const { page, problems, response } = await open('/2024/06/01/no-prerender/');
  try {
    assert.equal(response.status(), 404, 'the server answered with 404.html');
    await view(page, 'article.post');
    assert.equal(await page.locator('h1.post-title').textContent(), 'No prerender');
    assert.match(await page.locator('.post-body').textContent(), /reached through 404\.html/);
    assert.equal(await page.title(), 'No prerender · Fixture Blog');
    assert.equal(await page.locator('.post-nav .prev').getAttribute('href'), '2024/05/01/long-read/');
    assert.deepEqual(unexpected(problems, { documentUrls: [target] }), []);
  } finally {
    await page.close();
  }
});

test('the tag page and the archive list the right posts', T, async () => {
  const { page, problems } = await open('/tags/', {});
  try {
    assert.deepEqual(await texts(page.locator('.tag-index li')), ['C++ 1 post', 'math 1 post', 'notes 3 posts', 'Rust Lang 2 posts']);
    await page.locator('.tag-index a', { hasText: 'Rust Lang' }).click();
    await view(page, '.post-index');
    assert.equal(new URL(page.url()).pathname, '/tags/rust-lang/');
    assert.equal(await page.locator('h1').textContent(), 'Posts tagged “Rust Lang”');
    assert.deepEqual(await texts(page.locator('.post-index a')), ['Code sample', 'First steps']);
    assert.equal(await page.title(), 'Tagged “Rust Lang” · Fixture Blog');

    await page.locator('.site-nav a', { hasText: 'Archive' }).click();
    await view(page, '.archive-year');
    assert.equal(await page.locator('.site-nav a[aria-current="page"]').textContent(), 'Archive');
    assert.deepEqual(await texts(page.locator('.archive-year h2')), ['2024', '2023']);
    assert.deepEqual(await texts(page.locator('.archive-year').first().locator('.post-index a')), NEWEST_FIRST.slice(0, 6));
    assert.deepEqual(await texts(page.locator('.archive-year').nth(1).locator('.post-index a')), ['Last year']);
    assert.deepEqual(unexpected(problems, { documentUrls: [url('/tags/')] }), []);
  } finally {
    await page.close();
  }
});

test('a standalone page renders with the same parser and is linked from the site header', T, async () => {
  const { page, problems } = await open('/');
  try {
    await page.locator('.site-nav a', { hasText: 'About' }).click();
    await view(page, 'article.page');
    assert.equal(new URL(page.url()).pathname, '/about/');
    assert.equal(await page.locator('article.page h1.post-title').textContent(), 'About');
    assert.equal((await page.locator('article.page .post-body p').textContent()).trim(), 'Hello from the about page.');
    assert.equal(await page.locator('article.page .post-body p').getAttribute('data-line'), '4', 'rendered by the core');
    assert.equal(await page.title(), 'About · Fixture Blog');
    assert.equal(await page.locator('.edit-link').count(), 0);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('an unknown path shows the not-found view and says so in the title', T, async () => {
  const target = url('/no/such/page/');
  const { page, problems, response } = await open('/no/such/page/');
  try {
    assert.equal(response.status(), 404);
    await view(page, '.not-found');
    assert.equal(await page.locator('main h1').textContent(), 'Page not found');
    assert.match(await page.locator('.not-found').textContent(), /\/no\/such\/page\//);
    assert.equal(await page.title(), 'Page not found · Fixture Blog');
    assert.equal(await page.locator('link[rel="canonical"]').count(), 0);
    // Also for a route the shell knows the shape of: past the last home page.
    await page.evaluate(() => {
      history.pushState({}, '', 'page/9/');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await view(page, '.not-found');
    assert.match(await page.locator('.not-found').textContent(), /\/page\/9\//);
    assert.deepEqual(unexpected(problems, { documentUrls: [target] }), []);
  } finally {
    await page.close();
  }
});

test('document title, description, canonical link and Open Graph tags follow the view', T, async () => {
  const { page, problems } = await open('/2024/02/01/plain-text/');
  const head = () =>
    page.evaluate(() => {
      const attr = (sel, name) => document.head.querySelector(sel)?.getAttribute(name) ?? null;
      return {
        title: document.title,
        description: attr('meta[name="description"]', 'content'),
        canonical: attr('link[rel="canonical"]', 'href'),
        ogTitle: attr('meta[property="og:title"]', 'content'),
        ogDescription: attr('meta[property="og:description"]', 'content'),
        ogType: attr('meta[property="og:type"]', 'content'),
        ogUrl: attr('meta[property="og:url"]', 'content'),
        canonicals: document.head.querySelectorAll('link[rel="canonical"]').length,
      };
    });
  try {
    assert.deepEqual(await head(), {
      title: 'Plain text · Fixture Blog',
      description: 'A post with no code at all.',
      canonical: 'https://blog.example/2024/02/01/plain-text/',
      ogTitle: 'Plain text',
      ogDescription: 'A post with no code at all.',
      ogType: 'article',
      ogUrl: 'https://blog.example/2024/02/01/plain-text/',
      canonicals: 1,
    });
    await page.locator('.post-nav .prev').click(); // First steps: no description, an excerpt
    await view(page, 'h1.post-title');
    const first = await head();
    assert.equal(first.title, 'First steps · Fixture Blog');
    assert.equal(first.description, 'First paragraph of the first post.');
    assert.equal(first.canonical, 'https://blog.example/2024/01/01/first-steps/');
    assert.equal(first.canonicals, 1);

    await page.locator('.site-title').click();
    await view(page, '.post-list');
    assert.deepEqual(await head(), {
      title: 'Fixture Blog',
      description: 'Posts for the browser tests.',
      canonical: 'https://blog.example/',
      ogTitle: 'Fixture Blog',
      ogDescription: 'Posts for the browser tests.',
      ogType: 'website',
      ogUrl: 'https://blog.example/',
      canonicals: 1,
    });
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a code block is highlighted, and highlight.js is not loaded on a page without code', T, async () => {
  const { page, problems } = await open('/2024/03/01/code-sample/');
  try {
    await view(page, 'pre code.hljs');
    assert.equal(await page.locator('pre code.hljs').getAttribute('class'), 'language-rust hljs');
    assert.deepEqual(await texts(page.locator('pre code .hljs-keyword')), ['fn', 'let']);
    assert.equal(await page.locator('pre code').textContent(), 'fn main() {\n    let answer = 42;\n    println!("{answer}");\n}\n');
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href ?? '').filter((h) => h.includes('vendor')));
    assert.equal(sheets.length, 2, 'a light and a dark theme');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
  const plain = await open('/2024/02/01/plain-text/');
  try {
    const vendor = await plain.page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/vendor/')),
    );
    assert.deepEqual(vendor, [], 'neither highlight.js nor KaTeX was fetched');
    assert.deepEqual(unexpected(plain.problems), []);
  } finally {
    await plain.page.close();
  }
});

test('math is typeset by KaTeX, inline and displayed', T, async () => {
  const { page, problems } = await open('/2024/04/01/math-notes/');
  try {
    await view(page, '.math-display .katex-display');
    assert.equal(await page.locator('.math-inline .katex').count(), 1);
    assert.equal(await page.locator('.math-inline').getAttribute('data-tex'), 'e^{i\\pi} + 1 = 0');
    assert.equal(await page.locator('.math-inline annotation').textContent(), 'e^{i\\pi} + 1 = 0');
    assert.ok(await page.locator('.math-display .katex-html').isVisible());
    assert.equal(await page.locator('.katex-error').count(), 0);
    const font = await page.evaluate(() => document.fonts.check('16px KaTeX_Main'));
    assert.ok(font, 'the KaTeX fonts come from vendor/');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('table of contents and footnote links scroll within the post instead of leaving it', T, async () => {
  const { page, problems, documents } = await open('/2024/05/01/long-read/');
  try {
    assert.deepEqual(await texts(page.locator('nav.toc a')), ['First section', 'Second section', 'Third section']);
    assert.equal(await page.locator('nav.toc a').nth(1).getAttribute('href'), '2024/05/01/long-read/#second-section');
    await page.locator('nav.toc a').nth(1).click();
    await page.waitForFunction(() => location.hash === '#second-section');
    const top = await page.locator('#second-section').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(Math.abs(top) < 40, `the heading is at the top (${top})`);

    await page.locator('.footnote-ref a').click();
    await page.waitForFunction(() => location.hash === '#fn:1');
    assert.equal(new URL(page.url()).pathname, '/2024/05/01/long-read/', 'not the home page');
    assert.ok(await page.locator('section.footnotes li').first().isVisible());
    await page.goBack();
    await page.waitForFunction(() => location.hash === '#second-section');
    assert.equal(await page.locator('h1.post-title').textContent(), 'Long read');
    assert.equal(documents.length, 1);

    // The skip link puts focus on the content.
    await page.locator('.skip-link').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'content');
    assert.equal(new URL(page.url()).pathname, '/2024/05/01/long-read/');
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('a post that fails to load shows an error for that post only, and the rest keeps working', T, async () => {
  const { page, problems } = await open('/');
  try {
    let fail = true;
    await page.route('**/posts/2024-05-01-long-read.md', (route) =>
      fail ? route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken' }) : route.fallback(),
    );
    await page.locator('.post-list a', { hasText: 'Long read' }).first().click();
    await view(page, '.status.is-error');
    assert.equal(await page.locator('h1.post-title').textContent(), 'Long read', 'the title from the index');
    assert.match(await page.locator('.status.is-error').textContent(), /could not be shown.*posts\/2024-05-01-long-read\.md.*500/);
    assert.ok(await page.locator('.site-header').isVisible());

    fail = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await view(page, '.post-body');
    assert.equal(await page.locator('nav.toc a').count(), 3);

    await page.locator('.site-title').click();
    await view(page, '.post-list');
    assert.equal(await page.locator('.post-list .post-title').count(), 3);
    assert.deepEqual(
      unexpected(problems).filter((p) => !/status of 500/.test(p)),
      [],
      'only the failed fetch itself is reported',
    );
  } finally {
    await page.close();
  }
});

test('a post with broken front matter still shows its body and lists the problem', T, async () => {
  const { page } = await blog.browser.newPage();
  const problems = collectProblems(page);
  try {
    await page.route('**/posts/2024-02-01-plain-text.md', (route) =>
      route.fulfill({
        contentType: 'text/markdown; charset=utf-8',
        body: '---\ntitle: [unclosed\n---\n\n## Still here\n\nThe body renders.\n',
      }),
    );
    // From the archive: the shell parses the file (a deep link shows the CLI's page).
    await page.goto(url('/archive/'));
    await view(page, '.archive-year');
    await page.locator('a[href="2024/02/01/plain-text/"]').first().click();
    await view(page, '.post-body h2');
    assert.ok(await page.locator('.post-body h2', { hasText: 'Still here' }).isVisible());
    assert.match(await page.locator('.diagnostics').textContent(), /error: .+\(line \d+/);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('"Edit this post" opens the editor on that post, and Back returns to the post', T, async () => {
  const { page, problems } = await open('/2024/02/01/plain-text/');
  try {
    await page.locator('.edit-link').click();
    await page.locator('.quire-editor .cm-content').waitFor({ timeout: 30_000 });
    assert.equal(new URL(page.url()).pathname, '/edit/2024/02/01/plain-text/');
    await page.waitForFunction(() => document.querySelector('.quire-editor')?.quireEditor?.text().includes('title: Plain text'));
    assert.ok(await page.locator('.site-header').isHidden(), 'the editor has the whole window');
    await page.goBack();
    await view(page, 'h1.post-title');
    assert.equal(await page.locator('h1.post-title').textContent(), 'Plain text');
    assert.ok(await page.locator('.site-header').isVisible());
    assert.equal(await page.locator('.quire-editor, .cm-content').count(), 0);
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('/edit/ opens the editor on a new post', T, async () => {
  const { page, problems, response } = await open('/edit/');
  try {
    assert.equal(response.status(), 404, 'through 404.html');
    await page.locator('.quire-editor .cm-content').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('.quire-editor')?.quireEditor?.doc);
    assert.match(await page.evaluate(() => document.querySelector('.quire-editor').quireEditor.text()), /^---\ntitle:/);
    assert.equal(await page.title(), 'New post · Fixture Blog');
    assert.deepEqual(unexpected(problems, { documentUrls: [url('/edit/')] }), []);
  } finally {
    await page.close();
  }
});

test('the layout fits a 360 px screen and printing leaves out navigation and edit links', T, async () => {
  const { page, problems } = await open('/2024/05/01/long-read/');
  try {
    await page.setViewportSize({ width: 360, height: 640 });
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('.site-nav').isHidden());
    assert.ok(await page.locator('.edit-link').isHidden());
    assert.ok(await page.locator('.post-body').isVisible());
    assert.deepEqual(unexpected(problems), []);
  } finally {
    await page.close();
  }
});

test('the blog works under a base path (/blog/), links and deep links included', T, async () => {
  const based = await buildFixtureBlog(`${CONFIG}baseurl: /blog\n`);
  const basedServer = await serveSite(based, { prefix: '/blog' });
  try {
    assert.match(basedServer.url, /\/blog\/$/);
    const { page, problems, documents } = await open('/', { base: basedServer.url });
    try {
      assert.deepEqual(await texts(page.locator('.post-list .post-title')), NEWEST_FIRST.slice(0, 3));
      const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => a.href));
      assert.ok(hrefs.every((h) => h.startsWith(basedServer.url)), `every link stays under /blog/: ${hrefs}`);
      await page.locator('.post-list a', { hasText: 'Math notes' }).first().click();
      await view(page, '.math-display .katex-display');
      assert.equal(new URL(page.url()).pathname, '/blog/2024/04/01/math-notes/');
      assert.equal(
        await page.locator('link[rel="canonical"]').getAttribute('href'),
        'https://blog.example/blog/2024/04/01/math-notes/',
      );
      await page.locator('.post-nav .prev').click();
      await view(page, 'pre code.hljs');
      assert.equal(new URL(page.url()).pathname, '/blog/2024/03/01/code-sample/');
      await page.locator('.post-header .tags a').click();
      await view(page, '.post-index');
      assert.equal(new URL(page.url()).pathname, '/blog/tags/rust-lang/');
      assert.equal(documents.length, 1);
      assert.deepEqual(unexpected(problems), []);
    } finally {
      await page.close();
    }
    const deep = url('/2024/06/01/no-prerender/', basedServer.url);
    const { page: page2, problems: problems2, response } = await open('/2024/06/01/no-prerender/', { base: basedServer.url });
    try {
      assert.equal(response.status(), 404);
      await view(page2, 'h1.post-title');
      assert.equal(await page2.locator('h1.post-title').textContent(), 'No prerender');
      const color = await page2.locator('.site-header').evaluate((el) => getComputedStyle(el).borderBottomStyle);
      assert.equal(color, 'solid', 'css/site.css loaded through <base href="/blog/">');
      assert.deepEqual(unexpected(problems2, { documentUrls: [deep] }), []);
    } finally {
      await page2.close();
    }
  } finally {
    await basedServer.close();
    await based.remove();
  }
});
