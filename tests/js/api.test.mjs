// The browser API contract (README.md, "The browser API"), checked on the wasm build in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePost, renderMarkdown, SEED_PATH, SEED_SOURCE, SEED_TITLE } from './load-quire.mjs';

test('parsePost returns a plain object, not a Map', () => {
  const post = parsePost(SEED_SOURCE, { path: SEED_PATH });
  assert.equal(Object.getPrototypeOf(post), Object.prototype);
  assert.equal(Object.getPrototypeOf(post.frontMatter), Object.prototype);
  assert.ok(Array.isArray(post.tags));
  assert.ok(Array.isArray(post.toc));
  assert.ok(Array.isArray(post.diagnostics));
});

test('parsePost reads the title, date and front matter of the seed post', () => {
  const post = parsePost(SEED_SOURCE, { path: SEED_PATH });
  assert.equal(post.title, SEED_TITLE);
  assert.equal(post.date, '2024-01-15');
  assert.equal(post.layout, 'layout');
  assert.equal(post.frontMatterFormat, 'yaml');
  assert.equal(post.frontMatter.title, SEED_TITLE);
  assert.equal(post.draft, false);
  assert.deepEqual(
    post.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the seed post has no errors',
  );
});

test('parsePost renders the body and cuts the excerpt at the more mark', () => {
  const post = parsePost(SEED_SOURCE, { path: SEED_PATH });
  assert.match(post.html, /<h2[^>]*>(?:(?!<\/h2>)[\s\S])*The Operations Foundation(?:(?!<\/h2>)[\s\S])*<\/h2>/);
  assert.equal(post.hasMore, true);
  assert.match(post.excerptHtml, /After eight years leading operations/);
  assert.doesNotMatch(post.excerptHtml, /The Operations Foundation/);
  assert.ok(post.toc.some((entry) => entry.text === 'The Operations Foundation'));
  assert.ok(post.wordCount > 300, `wordCount ${post.wordCount}`);
  assert.ok(post.readingMinutes >= 1, `readingMinutes ${post.readingMinutes}`);
});

test('parsePost with a number instead of a string throws an Error with a message', () => {
  assert.throws(
    () => parsePost(42),
    (err) => err instanceof Error && typeof err.message === 'string' && err.message.length > 0,
  );
});

test('renderMarkdown returns an HTML string', () => {
  const html = renderMarkdown('Hello *world*\n');
  assert.equal(typeof html, 'string');
  assert.match(html, /<em>world<\/em>/);
});

test('an unknown option is rejected with the function and the option named', () => {
  assert.throws(() => parsePost('x', { unsafeHTML: true }), (err) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, /^parsePost: .*`unsafeHTML`/);
    return true;
  });
  assert.throws(() => renderMarkdown('x', { excerpt_separator: '<!--cut-->' }), /^Error: renderMarkdown: .*`excerpt_separator`/);
});

test('options of the wrong type are rejected, known options of the right type are not', () => {
  assert.throws(() => renderMarkdown('x', { unsafeHtml: 'yes' }), /^Error: renderMarkdown: bad options: invalid type/);
  assert.throws(() => renderMarkdown('x', { preset: 'gfm' }), /^Error: renderMarkdown: bad options: unknown variant `gfm`/);
  assert.throws(() => parsePost('x', { path: 3 }), /^Error: parsePost: bad options: invalid type: number 3, expected a string$/);
  assert.throws(() => parsePost('x', { unsafeHtml: 1.5 }), /invalid type: number 1\.5, expected a boolean$/);
  assert.throws(() => parsePost('x', { preset: ['blog'] }), /invalid type: an array, expected `blog` or `commonmark`$/);
  assert.equal(parsePost('x', { path: null, excerptSeparator: undefined }).html, '<p data-line="1">x</p>\n');
  assert.equal(renderMarkdown('# Hi\n', { preset: 'commonmark', unsafeHtml: true, path: undefined }), '<h1>Hi</h1>\n');
});

test('text of every script and size crosses into the engine intact, and a lone surrogate becomes U+FFFD', () => {
  const words = 'Ünïcödé “quotes” 漢字 🦀 emoji';
  const body = `${'plain ascii paragraph. '.repeat(5000)}\n\n${words}\n`;
  const post = parsePost(`---\ntitle: ${words}\n---\n${body}`, { path: 'posts/2024-01-01-x.md' });
  assert.equal(post.title, words);
  assert.ok(post.html.includes(words), 'the long body keeps its last line');
  assert.equal(renderMarkdown('a \ud800 b'), renderMarkdown('a \ufffd b'));
  assert.equal(renderMarkdown(''), '');
});
