// The hostile inputs of tests/fixtures/hostile/ through the wasm build (Node): every
// pathological Markdown case and every hostile front matter case completes — no trap, no
// stack overflow in wasm's smaller stack — with output or a diagnostic with a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePost, renderMarkdown } from './load-quire.mjs';

const load = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8'));
const build = (c) => c.parts.map(([text, count]) => text.repeat(count)).join('');

for (const c of load('pathological.json').cases) {
  test(`pathological Markdown completes in wasm: ${c.name}`, () => {
    const input = build(c);
    const html = renderMarkdown(input);
    assert.ok(html.length > 0 || input.trim() === '');
    const post = parsePost(input);
    assert.equal(typeof post.html, 'string');
  });
}

for (const c of load('yaml-hostile.json').cases) {
  test(`hostile front matter completes in wasm with the body rendered: ${c.name}`, () => {
    const post = parsePost(build(c));
    assert.match(post.html, /body/);
    for (const d of post.diagnostics) {
      assert.ok(d.line >= 1 && d.column >= 1, JSON.stringify(d));
    }
    if (/error diagnostic/.test(c.expect)) {
      assert.ok(post.diagnostics.some((d) => d.severity === 'error'), JSON.stringify(post.diagnostics));
    }
  });
}

// Attribute names of every tag, read the way a browser tokenizes quoted values (a value may
// contain " onerror=" as harmless text).
function attributeNames(html) {
  const names = [];
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    let j = i + 1;
    while (j < html.length && !/[\s>]/.test(html[j])) j++;
    while (j < html.length && html[j] !== '>') {
      while (/[\s/]/.test(html[j] ?? '')) j++;
      const start = j;
      while (j < html.length && !/[\s=>]/.test(html[j])) j++;
      if (j > start) names.push(html.slice(start, j).toLowerCase());
      if (html[j] === '=') {
        j++;
        const quote = html[j];
        if (quote === '"' || quote === "'") j = html.indexOf(quote, j + 1) + 1 || html.length;
        else while (j < html.length && !/[\s>]/.test(html[j])) j++;
      }
    }
    i = j;
  }
  return names;
}

test('no XSS vector comes out of the wasm build with a script element or handler', () => {
  for (const c of load('xss.json')) {
    const post = parsePost(c.markdown);
    for (const html of [post.html, post.excerptHtml]) {
      assert.doesNotMatch(html, /<script/i, c.name);
      const handlers = attributeNames(html).filter((name) => name.startsWith('on'));
      assert.deepEqual(handlers, [], `${c.name}: ${html}`);
    }
  }
});

test('the attribute reader sees real handlers and ignores text inside quoted values', () => {
  assert.deepEqual(attributeNames('<img src="x" onerror=alert(1)>'), ['src', 'onerror']);
  assert.deepEqual(attributeNames('<p title="a onerror=b">x</p>'), ['title']);
  assert.deepEqual(attributeNames("<a href='y' onclick=\"z\">"), ['href', 'onclick']);
});
