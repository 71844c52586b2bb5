// The site model through wasm against tests/fixtures/site-model.json, the table
// tests/site_model.rs checks natively: the browser and the CLI give the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  siteConfig,
  permalinkOf,
  postVisibility,
  tagSlug,
  newPostFileName,
  newPostSource,
  archiveYear,
  parseOptionsFor,
  parsePost,
} from './load-quire.mjs';
import * as page from '../../www/js/quire.js';

const TABLE = JSON.parse(readFileSync(new URL('../fixtures/site-model.json', import.meta.url), 'utf8'));

function cases(name) {
  const list = TABLE[name];
  assert.ok(Array.isArray(list) && list.length > 0, `${name} has cases`);
  return list;
}

test('permalinks are the table\'s', () => {
  for (const c of cases('permalinks')) {
    assert.equal(permalinkOf(c.post, c.site), c.expected, JSON.stringify(c));
  }
});

test('visibility is the table\'s at its fixed now and offset', () => {
  for (const c of cases('visibility')) {
    assert.deepEqual(postVisibility(c.post, c.site, TABLE.now.utcMs, c.siteOffsetMinutes), c.expected, JSON.stringify(c));
  }
});

test('new post file names and sources are the table\'s', () => {
  for (const c of cases('newPostFileNames')) {
    assert.equal(newPostFileName(c.title, c.date), c.expected, JSON.stringify(c));
  }
  for (const c of cases('newPostSources')) {
    assert.equal(newPostSource(c.title, c.date), c.expected, JSON.stringify(c));
  }
});

test('tag slugs are the table\'s', () => {
  for (const c of cases('tagSlugs')) {
    assert.equal(tagSlug(c.tag), c.expected, JSON.stringify(c));
  }
});

test('archive years are the table\'s', () => {
  for (const c of cases('archiveYears')) {
    assert.equal(archiveYear(c.date), c.expected, JSON.stringify(c));
  }
});

test('posts per page are the table\'s', () => {
  for (const c of cases('perPage')) {
    if ('error' in c) assert.throws(() => siteConfig(c.site), { message: `siteConfig: ${c.error}` });
    else assert.equal(siteConfig(c.site).paginate, c.expected, JSON.stringify(c));
  }
});

test('the site config from index.json reads back to itself, other keys kept', () => {
  const site = siteConfig({ title: 'T', baseurl: 'blog/', permalink: 'pretty', extra: { a: [1] } });
  assert.equal(site.baseurl, '/blog');
  assert.equal(site.permalink, '/:categories/:year/:month/:day/:title/');
  assert.deepEqual(site.extra, { a: [1] });
  assert.deepEqual(siteConfig(site), site);
  assert.equal(siteConfig(undefined).timezone, 'UTC');
});

test('a wrong argument throws a readable error', () => {
  assert.throws(() => tagSlug(3), /tagSlug: .*string/);
  assert.throws(() => newPostFileName('Hi', 'someday'), /newPostFileName: "someday" is not a date/);
  assert.throws(() => siteConfig({ paginate: 'lots' }), /siteConfig: /);
  assert.throws(() => postVisibility({}, {}, Number.NaN, 0), /postVisibility: nowMs/);
});

test('parse options are the table\'s', () => {
  for (const c of cases('parseOptions')) {
    if ('error' in c) {
      assert.throws(() => parseOptionsFor(c.path, c.site), { message: `parseOptionsFor: ${c.error}` }, JSON.stringify(c));
    } else {
      assert.deepEqual({ ...parseOptionsFor(c.path, c.site) }, c.expected, JSON.stringify(c));
      // The page's loader (blog views and editor) hands back the same.
      assert.deepEqual({ ...page.parseOptionsFor(c.path, c.site) }, c.expected, JSON.stringify(c));
    }
  }
});

test('parse options without a site are the defaults, and parsePost takes them as they are', () => {
  assert.deepEqual({ ...parseOptionsFor('posts/2024-01-15-a.md', undefined) }, { path: 'posts/2024-01-15-a.md' });
  assert.deepEqual({ ...parseOptionsFor(undefined, null) }, {});
  assert.throws(() => parseOptionsFor(3, {}), /parseOptionsFor: the first argument must be a string/);
  const site = { excerpt_separator: '<!-- cut -->' };
  const post = parsePost('One\n\n<!-- cut -->\n\nTwo\n', parseOptionsFor('posts/2024-01-15-cut.md', site));
  assert.equal(post.slug, 'cut');
  assert.equal(post.date, '2024-01-15');
  assert.equal(post.hasMore, true);
  assert.doesNotMatch(post.excerptHtml, /Two/);
});
