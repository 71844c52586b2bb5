// The TypeScript declarations wasm-pack writes (www/pkg-full/quire.d.ts: the full module's,
// whose API the reader's www/pkg/quire.d.ts is a part of), derived from the Rust types: what
// an editor or a TypeScript caller of the browser API sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const dts = readFileSync(new URL('../../www/pkg-full/quire.d.ts', import.meta.url), 'utf8');

/** The body of `export interface NAME … { … }`: its field names, JSDoc comments left out. */
function fields(name) {
  const match = dts.match(new RegExp(`export interface ${name}\\b([^{]*)\\{`));
  assert.ok(match, `quire.d.ts declares interface ${name}`);
  let depth = 1;
  let i = match.index + match[0].length;
  const start = i;
  for (; depth > 0; i++) {
    if (dts[i] === '{') depth++;
    if (dts[i] === '}') depth--;
  }
  const body = dts.slice(start, i - 1).replace(/\/\*[\s\S]*?\*\//g, '');
  const names = [...body.matchAll(/^\s*(\w+)(\??):/gm)].map((m) => m[1] + m[2]);
  return { heading: match[1], names };
}

test('Post has the rendered body and everything of PostMeta', () => {
  const post = fields('Post');
  assert.match(post.heading, /extends PostMeta/);
  assert.deepEqual(post.names, ['html', 'excerptHtml', 'hasMore', 'toc']);
});

test('PostMeta has the fields of a post but no rendered body', () => {
  const { names } = fields('PostMeta');
  for (const name of ['title', 'date', 'slug', 'tags', 'frontMatter', 'frontMatterFormat', 'wordCount', 'diagnostics']) {
    assert.ok(names.includes(name), `PostMeta.${name}`);
  }
  for (const name of ['html', 'excerptHtml', 'hasMore', 'toc']) {
    assert.ok(!names.includes(name), `PostMeta has no ${name}`);
  }
  assert.match(dts, /frontMatter: Record<string, unknown>;/);
  assert.match(dts, /title: string \| null;/);
});

test('QuireOptions lists the four options, every one optional', () => {
  assert.deepEqual(fields('QuireOptions').names, ['path?', 'excerptSeparator?', 'unsafeHtml?', 'preset?']);
  assert.match(dts, /export type Preset = "blog" \| "commonmark";/);
});

test('parsePost returns a Post and Draft.load and Draft.edit return an Update of a PostMeta', () => {
  assert.match(dts, /export function parsePost\(source: string, options: QuireOptions \| undefined\): Post;/);
  assert.match(dts, /\bload\(source: string\): Update;/);
  assert.match(dts, /\bedit\(from: number, to: number, text: string\): Update;/);
  assert.deepEqual(fields('Update').names, ['post', 'prefix', 'suffix', 'middle', 'incremental']);
  assert.match(dts, /post: PostMeta;/);
});

test('TocEntry and Diagnostic keep their names and fields', () => {
  assert.deepEqual(fields('TocEntry').names, ['level', 'id', 'text']);
  assert.deepEqual(fields('Diagnostic').names, ['severity', 'message', 'line', 'column']);
  assert.match(dts, /export type Severity = "error" \| "warning";/);
});
