// The blog shell's pure helpers (www/js/blog/paths.js, live.js): site paths and links, route
// matching, pagination, tags from the index, grouping. Tag slugs themselves are the core's
// (tests/js/site-model.test.mjs). The browser side is tests/e2e/blog.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  absoluteUrl,
  groupByYear,
  hrefOf,
  matchRoute,
  normalizeBase,
  paginate,
  postsTagged,
  routeKey,
  sitePathOf,
  taggedAs,
  tagsOf,
  titleOf,
  truncateText,
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

const INDEX = {
  site: { paginate: 2 },
  posts: [
    post(5, { tags: ['Rust Lang'], tagSlugs: ['rust-lang'] }),
    post(4, { tags: ['C++', 'rust lang'], tagSlugs: ['c', 'rust-lang'] }),
    post(3),
    post(2),
    post(1),
  ],
  pages: [{ path: 'pages/about.md', permalink: '/about/', title: 'About' }],
};

test('a post\'s tags pair with the slugs the index gives them, in order', () => {
  assert.deepEqual(taggedAs(INDEX.posts[1]), [
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

test('routes: home and its pages, posts, pages, tags, archive, search, the editor and everything else', () => {
  assert.deepEqual(matchRoute('/', INDEX), { view: 'home', page: 1 });
  assert.deepEqual(matchRoute('/page/2/', INDEX), { view: 'home', page: 2 });
  assert.deepEqual(matchRoute('/page/3', INDEX), { view: 'home', page: 3 });
  assert.equal(matchRoute('/page/1/', INDEX).view, 'notFound', 'page 1 is /');
  assert.equal(matchRoute('/page/4/', INDEX).view, 'notFound', 'past the last page');
  assert.equal(matchRoute('/page/02x/', INDEX).view, 'notFound');

  const found = matchRoute('/2024/01/04/p4/', INDEX);
  assert.equal(found.view, 'post');
  assert.equal(found.post.title, 'P4');
  assert.equal(found.position, 1);
  assert.equal(matchRoute('/2024/01/04/p4', INDEX).view, 'post', 'without the trailing slash too');
  assert.equal(matchRoute('/about/', INDEX).page.title, 'About');

  assert.deepEqual(matchRoute('/tags/', INDEX), { view: 'tags' });
  assert.deepEqual(matchRoute('/tags/rust-lang/', INDEX), { view: 'tag', slug: 'rust-lang' });
  assert.deepEqual(matchRoute('/tags/C/', INDEX), { view: 'tag', slug: 'c' });
  assert.equal(matchRoute('/tags/nope/', INDEX).view, 'notFound');
  assert.deepEqual(matchRoute('/archive/', INDEX), { view: 'archive' });
  assert.deepEqual(matchRoute('/search/', INDEX), { view: 'search' });
  assert.deepEqual(matchRoute('/search', INDEX), { view: 'search' });
  assert.equal(matchRoute('/search/more/', INDEX).view, 'notFound');

  assert.deepEqual(matchRoute('/edit/', INDEX), { view: 'edit', permalink: '' });
  assert.deepEqual(matchRoute('/edit/2024/01/03/p3/', INDEX), { view: 'edit', permalink: '/2024/01/03/p3/' });
  assert.deepEqual(matchRoute('/edit/2024/01/03/p3', INDEX), { view: 'edit', permalink: '/2024/01/03/p3/' });

  assert.equal(matchRoute('/nope/', INDEX).view, 'notFound');
  assert.equal(matchRoute('/2024/01/04/', INDEX).view, 'notFound');
  assert.equal(matchRoute('/', { posts: [], pages: [] }).view, 'home');
});

test('a permalink in the index wins over a built-in route of the same path', () => {
  const index = { site: {}, posts: [post(1, { permalink: '/archive/' })], pages: [] };
  assert.equal(matchRoute('/archive/', index).view, 'post');
});

test('pagination slices newest first and links newer and older pages', () => {
  const items = [1, 2, 3, 4, 5];
  assert.deepEqual(paginate(items, 2, 1), { items: [1, 2], page: 1, pages: 3, newer: null, older: '/page/2/' });
  assert.deepEqual(paginate(items, 2, 2), { items: [3, 4], page: 2, pages: 3, newer: '/', older: '/page/3/' });
  assert.deepEqual(paginate(items, 2, 3), { items: [5], page: 3, pages: 3, newer: '/page/2/', older: null });
  assert.deepEqual(paginate([], 10, 1), { items: [], page: 1, pages: 1, newer: null, older: null });
});

test('tags are counted once per post by slug, with their first spelling', () => {
  assert.deepEqual(tagsOf(INDEX.posts), [
    { tag: 'C++', slug: 'c', count: 1 },
    { tag: 'Rust Lang', slug: 'rust-lang', count: 2 },
  ]);
  assert.deepEqual(
    postsTagged(INDEX.posts, 'rust-lang').map((p) => p.title),
    ['P5', 'P4'],
  );
  assert.deepEqual(tagsOf([{ tags: ['x', 'X', '++'], tagSlugs: ['x', 'x', ''] }]), [{ tag: 'x', slug: 'x', count: 1 }]);
});

test('the archive groups posts by the year the index gives them, newest year first, undated last', () => {
  const groups = groupByYear([
    { title: 'b', year: '2024' },
    { title: 'u', year: null },
    { title: 'a', year: '2023' },
    { title: 'c', year: '2024' },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.year, g.posts.map((p) => p.title)]),
    [
      ['2024', ['b', 'c']],
      ['2023', ['a']],
      [null, ['u']],
    ],
  );
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
