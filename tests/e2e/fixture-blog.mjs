// The fixture blog of the blog and markup browser tests: seven posts (code, math, a long read
// with footnotes, one without its prerendered page), a draft and a page, built by the `quire`
// CLI and served like GitHub Pages; and the helpers that open its pages.
import { before, after } from 'node:test';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { launch } from './browser.mjs';
import { buildSite, collectProblems, quireBinary, serveSite } from './site.mjs';

export const CONFIG = `title: Fixture Blog
description: Posts for the browser tests.
url: https://blog.example
paginate: 3
`;

const LONG_BODY = [
  'The first paragraph of a long read.',
  '',
  '<!--more-->',
  '',
  '## First section',
  '',
  ...Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the first section, long enough to take some room on the page.\n`),
  '## Second section',
  '',
  'A claim with a footnote[^1].',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '- [x] done',
  '- [ ] to do',
  '',
  '> [!NOTE]',
  '> An alert.',
  '',
  ...Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the second section, long enough to take some room.\n`),
  '## Third section',
  '',
  'The end.',
  '',
  '[^1]: The footnote text.',
  '',
].join('\n');

// Seven shown posts (paginate 3: three home pages) and a draft the build leaves out.
export const POSTS = {
  '2023-12-24-last-year.md': '---\ntitle: Last year\ntags: [C++]\n---\nA post from last year.\n',
  '2024-01-01-first-steps.md':
    '---\ntitle: First steps\ntags: [Rust Lang, notes]\n---\nFirst paragraph of the first post.\n\n<!--more-->\n\nThe rest of it.\n',
  '2024-02-01-plain-text.md':
    '---\ntitle: Plain text\ntags: [notes]\ndescription: A post with no code at all.\n---\nJust words, no code and no math.\n',
  '2024-03-01-code-sample.md':
    '---\ntitle: Code sample\ntags: [Rust Lang]\n---\nSome Rust:\n\n```rust\nfn main() {\n    let answer = 42;\n    println!("{answer}");\n}\n```\n',
  '2024-04-01-math-notes.md':
    '---\ntitle: Math notes\ntags: [math]\n---\nEuler: $e^{i\\pi} + 1 = 0$.\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n',
  '2024-05-01-long-read.md': `---\ntitle: Long read\ntags: [notes]\n---\n${LONG_BODY}`,
  '2024-06-01-no-prerender.md': '---\ntitle: No prerender\n---\nThis one is reached through 404.html.\n',
  '2024-07-01-a-draft.md': '---\ntitle: A draft\ndraft: true\n---\nNot published.\n',
};
export const PAGES = { 'about.md': '---\ntitle: About\n---\nHello from the about page.\n' };
export const NEWEST_FIRST = ['No prerender', 'Long read', 'Math notes', 'Code sample', 'Plain text', 'First steps', 'Last year'];

/**
 * The fixture blog built by the CLI with `config`, less the prerendered page of "No prerender"
 * (reached through 404.html).
 */
export async function buildFixtureBlog(config = CONFIG) {
  const site = await buildSite({ posts: POSTS, pages: PAGES, config });
  await rm(path.join(site.out, '2024/06/01/no-prerender/index.html'));
  return site;
}

/** Waits until the shell has rendered (and enhanced) a view containing `selector`. */
export async function view(page, selector = ':scope > *') {
  await page.locator(`main[data-ready]`).locator(selector).first().waitFor({ timeout: 30_000 });
}

/** Opens `href` in a new page, with problem collection and a count of full page loads (document requests). */
export async function openPage(browser, href) {
  const { page } = await browser.newPage();
  const problems = collectProblems(page);
  const documents = [];
  const requests = []; // paths
  page.on('request', (r) => {
    requests.push(new URL(r.url()).pathname);
    if (r.resourceType() === 'document' && r.frame() === page.mainFrame()) documents.push(r.url());
  });
  const response = await page.goto(href);
  await view(page);
  return { page, problems, documents, response, requests };
}

/**
 * For a test file: builds and serves the fixture blog and starts a browser before its tests
 * (when the `quire` CLI is built), stops them after. Returns { site, server, browser }, filled
 * in once the file's tests run.
 */
export function useFixtureBlog() {
  const blog = { site: null, server: null, browser: null };
  before(async () => {
    if (!quireBinary()) return;
    blog.site = await buildFixtureBlog();
    blog.server = await serveSite(blog.site);
    blog.browser = await launch({ locale: 'en-US', timezoneId: 'America/Los_Angeles', viewport: { width: 1000, height: 700 } });
  });
  after(async () => {
    await blog.browser?.close();
    await blog.server?.close();
    await blog.site?.remove();
  });
  return blog;
}
