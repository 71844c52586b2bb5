// The blog shell's pure helpers (www/js/blog/paths.js, live.js): site paths and links, route
// matching against posts/index.json, pagination. The tags, years and route shards themselves
// are the CLI's (crates/cli/tests/index.rs). Tag slugs themselves are the core's
// (tests/js/site-model.test.mjs). The browser side is tests/e2e/blog.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  absoluteUrl,
  homePage,
  hrefOf,
  matchRoute,
  normalizeBase,
  routeKey,
  sitePathOf,
  taggedAs,
  titleOf,
  truncateText,
  viewSignature,
} from '../../www/js/blog/paths.js';
import { changedPaths, liveUrl } from '../../www/js/blog/live.js';

const post = (n, extra = {}) => ({
  path: `posts/2024-01-${String(n).padStart(2, '0')}-p${n}.md`,
  permalink: `/2024/01/${String(n).padStart(2, '0')}/p${n}/`,
  title: `P${n}`,
  date: `2024-01-${String(n).padStart(2, '0')}`,
  tags: [],
  ...extra,
});

// posts/index.json of a site of five posts, two per page (docs/site-contract.md).
const INDEX = {
  version: 2,
  site: { paginate: 2 },
  postCount: 5,
  homePages: 3,
  routeShards: 1,
  tags: [
    { tag: 'C++', slug: 'c', count: 1 },
    { tag: 'Rust Lang', slug: 'rust-lang', count: 2 },
  ],
  years: [{ year: '2024', count: 4 }, { year: null, count: 1 }],
  claimed: [],
  pages: [{ path: 'pages/about.md', permalink: '/about/', title: 'About' }],
};

test('a post\'s tags pair with the slugs the index gives them, in order', () => {
  assert.deepEqual(taggedAs(post(4, { tags: ['C++', 'rust lang'], tagSlugs: ['c', 'rust-lang'] })), [
    ['C++', 'c'],
    ['rust lang', 'rust-lang'],
  ]);
  assert.deepEqual(taggedAs({ tags: ['x'] }), [['x', '']], 'a tag without a slug has no page');
  assert.deepEqual(taggedAs({}), []);
});

test('a route key ignores leading, trailing and doubled slashes', () => {
  assert.equal(routeKey('/'), '/');
  assert.equal(routeKey(''), '/');
  assert.equal(routeKey('/a/b/'), '/a/b');
  assert.equal(routeKey('a//b'), '/a/b');
});

test('a URL under the site root has a decoded site path; other URLs have none', () => {
  const root = 'http://h/blog/';
  assert.equal(sitePathOf('http://h/blog/', root), '/');
  assert.equal(sitePathOf('http://h/blog', root), '/');
  assert.equal(sitePathOf('http://h/blog/index.html', root), '/');
  assert.equal(sitePathOf('http://h/blog/2024/01/15/hello/?x=1#top', root), '/2024/01/15/hello/');
  assert.equal(sitePathOf('http://h/blog/tags/%C3%A9t%C3%A9/', root), '/tags/été/');
  assert.equal(sitePathOf('http://h/blog/bad%E0%A4%A/', root), '/bad%E0%A4%A/', 'a bad escape stays as written');
  assert.equal(sitePathOf('http://h/other/', root), null);
  assert.equal(sitePathOf('http://h/bloggers/', root), null);
  assert.equal(sitePathOf('http://elsewhere/blog/', root), null);
  assert.equal(sitePathOf('http://h/x/y/', 'http://h/'), '/x/y/');
});

test('links are relative to the site root, percent-encoded per segment so no segment reads as a scheme', () => {
  assert.equal(hrefOf('/'), './');
  assert.equal(hrefOf('/2024/01/15/hello/'), '2024/01/15/hello/');
  assert.equal(hrefOf('/about'), 'about');
  assert.equal(hrefOf('/javascript:alert(1)/'), 'javascript%3Aalert(1)/');
  assert.equal(new URL(hrefOf('/javascript:alert(1)/'), 'http://h/blog/').href, 'http://h/blog/javascript%3Aalert(1)/');
  assert.equal(hrefOf('/a?b#c/'), 'a%3Fb%23c/');
  assert.equal(hrefOf('/été/'), '%C3%A9t%C3%A9/');
});

test('absolute URLs use site.url and the base path, else the page root', () => {
  assert.equal(absoluteUrl('/a/', { url: 'https://example.com/', baseurl: 'blog/' }, 'http://h/'), 'https://example.com/blog/a/');
  assert.equal(absoluteUrl('/', { url: 'https://example.com', baseurl: '' }, 'http://h/'), 'https://example.com/');
  assert.equal(absoluteUrl('/a/', { url: null, baseurl: '/blog' }, 'http://h/blog/'), 'http://h/blog/a/');
  assert.equal(absoluteUrl('/a/', { url: 'javascript:x' }, 'http://h/'), 'http://h/a/');
  assert.equal(normalizeBase('/blog/'), '/blog');
  assert.equal(normalizeBase(''), '');
  assert.equal(normalizeBase(null), '');
});

test('routes: home and its pages, pages, tags, archive years, search, the editor, and posts', () => {
  assert.deepEqual(matchRoute('/', INDEX), { view: 'home', page: 1 });
  assert.deepEqual(matchRoute('/page/2/', INDEX), { view: 'home', page: 2 });
  assert.deepEqual(matchRoute('/page/3', INDEX), { view: 'home', page: 3 });
  assert.equal(matchRoute('/page/1/', INDEX).view, 'post', 'page 1 is /: anything else may be a post');
  assert.equal(matchRoute('/page/4/', INDEX).view, 'post', 'past the last page');
  assert.equal(matchRoute('/page/02x/', INDEX).view, 'post');
  assert.equal(matchRoute('/about/', INDEX).page.title, 'About');
  assert.equal(matchRoute('/about', INDEX).view, 'page', 'without the trailing slash too');

  assert.deepEqual(matchRoute('/tags/', INDEX), { view: 'tags' });
  assert.deepEqual(matchRoute('/tags/rust-lang/', INDEX), { view: 'tag', slug: 'rust-lang', tag: INDEX.tags[1], file: 1 });
  assert.deepEqual(matchRoute('/tags/C/', INDEX), { view: 'tag', slug: 'c', tag: INDEX.tags[0], file: 0 });
  assert.equal(matchRoute('/tags/nope/', INDEX).view, 'post');
  assert.deepEqual(matchRoute('/archive/', INDEX), { view: 'archive' });
  assert.deepEqual(matchRoute('/archive/2024/', INDEX), { view: 'year', year: '2024', file: 0 });
  assert.equal(matchRoute('/archive/2023/', INDEX).view, 'post', 'a year with no posts has no page');
  assert.deepEqual(matchRoute('/search/', INDEX), { view: 'search' });
  assert.deepEqual(matchRoute('/search', INDEX), { view: 'search' });

  assert.deepEqual(matchRoute('/edit/', INDEX), { view: 'edit', permalink: '' });
  assert.deepEqual(matchRoute('/edit/2024/01/03/p3', INDEX), { view: 'edit', permalink: '/2024/01/03/p3/' });
  assert.deepEqual(matchRoute('/edit/about', INDEX), { view: 'edit', permalink: '/about/' });

  // Whether a post lives there is its route shard's answer (site.js resolveRoute).
  assert.deepEqual(matchRoute('/2024/01/04/p4/', INDEX), { view: 'post', key: '/2024/01/04/p4' });
  assert.deepEqual(matchRoute('/nope/', INDEX), { view: 'post', key: '/nope' });
  assert.equal(matchRoute('/', { version: 2, tags: [], years: [], pages: [] }).view, 'home');
});

test('a list route a post claimed is looked up as that post', () => {
  const index = { ...INDEX, claimed: ['/archive/', '/tags/c/'] };
  assert.deepEqual(matchRoute('/archive/', index), { view: 'post', key: '/archive' });
  assert.deepEqual(matchRoute('/tags/c', index), { view: 'post', key: '/tags/c' });
  assert.equal(matchRoute('/tags/rust-lang/', index).view, 'tag');
});

test('home pages link their newer and older neighbours', () => {
  assert.deepEqual(homePage(1, 3), { page: 1, pages: 3, newer: null, older: '/page/2/' });
  assert.deepEqual(homePage(2, 3), { page: 2, pages: 3, newer: '/', older: '/page/3/' });
  assert.deepEqual(homePage(3, 3), { page: 3, pages: 3, newer: '/page/2/', older: null });
  assert.deepEqual(homePage(1, 0), { page: 1, pages: 1, newer: null, older: null });
});

test('a view\'s signature changes with what it shows of the index, not with the rest', () => {
  const home = { view: 'home', page: 1 };
  const posts = [post(5), post(4)];
  const before = viewSignature(home, posts, INDEX);
  assert.equal(viewSignature(home, [post(5), post(4)], { ...INDEX, tags: [] }), before, 'the tags are not on the home page');
  assert.notEqual(viewSignature(home, [post(5, { title: 'New' }), post(4)], INDEX), before);
  assert.notEqual(viewSignature(home, posts, { ...INDEX, site: { paginate: 2, title: 'T' } }), before);
});

test('descriptions are cut at a word boundary and titles fall back to the slug', () => {
  assert.equal(truncateText('  one   two\nthree  ', 300), 'one two three');
  assert.equal(truncateText('one two three', 8), 'one two…');
  assert.equal(truncateText('abcdefghij', 4), 'abcd…');
  assert.equal(titleOf({ title: '  ', slug: 'hello' }), 'hello');
  assert.equal(titleOf({ title: null, slug: '' }), 'Untitled');
  assert.equal(titleOf({ title: 'T' }), 'T');
});

test('the live URL is a site path under the root, or already carries the base path', () => {
  assert.equal(liveUrl('/_quire/events', 'http://h/'), 'http://h/_quire/events');
  assert.equal(liveUrl('/_quire/events', 'http://h/blog/'), 'http://h/blog/_quire/events');
  assert.equal(liveUrl('/blog/_quire/events', 'http://h/blog/'), 'http://h/blog/_quire/events');
  assert.deepEqual(changedPaths('{"paths":["posts/a.md",3]}'), ['posts/a.md']);
  assert.deepEqual(changedPaths('not json'), []);
  assert.deepEqual(changedPaths('{}'), []);
});
