// www/js/quire.js's choice of module: the reader's (www/pkg) for a post without templates, the
// full one (www/pkg-full) for a post that needs the engines (the core's rule, through the
// reader's `needsEngines`), a readable error rather than template text when only the reader's
// module is there. Both modules are instantiated here (Node cannot fetch the packages' own
// .wasm files) and handed to the loader with adopt(), the reader's first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiate } from './wasm-module.mjs';

const reader = (await instantiate('pkg')).mod;
const full = (await instantiate('pkg-full')).mod;
const loader = await import('../../www/js/quire.js');

const PLAIN = '---\ntitle: Plain\n---\nJust *Markdown* with {braces}.\n';
const LIQUID = '---\ntitle: Liquid\n---\n{% assign who = "Liquid" %}Hello from {{ who | upcase }}.\n';
const TOML = '+++\ntitle = "Toml"\n+++\nBody.\n';
// YAML beyond the common forms (a folded block scalar): only the full module has libyaml.
const FOLDED = '---\ntitle: >-\n  A folded\n  title\n---\nBody.\n';
// The YAML real posts use, read the same by both modules without libyaml.
const RICH = [
  '---',
  'title: "Rich: front matter"',
  "subtitle: 'It''s read'",
  'tags: [rust, "a, b", 3]',
  'categories:',
  '- Edge Case',
  'header:',
  '  overlay_image: /a.jpg # a comment',
  'gallery:',
  '  - url: /b.jpg',
  '    alt: B',
  'weight: 1.5',
  'draft: false',
  '---',
  'Body.',
  '',
].join('\n');

test('the reader module has no author exports, no template engines and none of what quire build decides', () => {
  for (const name of [
    'Draft',
    'setSite',
    'newPostFileName',
    'newPostSource',
    'siteConfig',
    'permalinkOf',
    'postVisibility',
    'archiveYear',
  ]) {
    assert.equal(reader[name], undefined, `${name} is not in the reader's module`);
    assert.equal(typeof full[name], 'function', `${name} is in the full module`);
  }
  for (const name of ['parsePost', 'renderMarkdown', 'needsEngines', 'parseOptionsFor', 'routeShard', 'tagSlug']) {
    assert.equal(typeof reader[name], 'function', `${name} is in the reader's module`);
  }
});

test('the reader module refuses a post that needs the engines instead of showing its template text', () => {
  for (const source of [LIQUID, TOML, FOLDED, '{{< youtube dQw4w9WgXcQ >}}\n']) {
    assert.throws(() => reader.parsePost(source), /reader's module cannot render: use the full module/);
  }
  assert.match(reader.parsePost(PLAIN).html, /<em>Markdown<\/em> with \{braces\}/);
});

test('both modules give the same post for a post without templates', () => {
  const path = 'posts/2024-01-15-plain.md';
  assert.deepEqual(reader.parsePost(PLAIN, { path }), full.parsePost(PLAIN, { path }));
  const rich = reader.parsePost(RICH, { path });
  assert.deepEqual(rich, full.parsePost(RICH, { path }));
  assert.equal(rich.title, 'Rich: front matter');
  assert.deepEqual(rich.tags, ['rust', 'a, b', '3']);
  assert.deepEqual(rich.diagnostics, []);
  assert.equal(reader.needsEngines(RICH), false, 'the YAML real posts use stays on the reader module');
});

test('needsEngines is the same rule in both modules', () => {
  for (const source of [PLAIN, LIQUID, TOML, FOLDED, RICH, '[n](@/blog/n.md)\n', 'a {b} c\n']) {
    assert.equal(reader.needsEngines(source), full.needsEngines(source), source);
  }
  assert.throws(() => reader.needsEngines(42), /needsEngines: the first argument must be a string/);
});

// The loader's state is this file's own (node --test runs each file in its own process): these
// run in order, the reader's module adopted first, the full one later.
test('with only the reader module loaded, a plain post renders and a templated one asks for readyFor', async () => {
  loader.adopt(reader, 'reader');
  assert.equal(await loader.readyFor(PLAIN), reader, 'a plain post needs the reader module only');
  assert.equal(loader.needsEngines(PLAIN), false);
  assert.equal(loader.needsEngines(LIQUID), true);
  assert.match(loader.parsePost(PLAIN).html, /<em>Markdown<\/em>/);
  assert.throws(() => loader.parsePost(LIQUID), /await readyFor\(source\) first/);
  assert.throws(() => loader.newPostFileName('Hi', '2024-01-15'), /needs the full Quire module/);
  assert.throws(() => loader.permalinkOf({ slug: 'a' }), /needs the full Quire module/);
  assert.deepEqual(loader.parseOptionsFor('posts/a.md', { excerpt_separator: '<!--cut-->' }), {
    path: 'posts/a.md',
    excerptSeparator: '<!--cut-->',
  });
});

test('with the full module loaded, a post with Liquid or TOML renders through it', async () => {
  loader.adopt(full, 'full');
  assert.equal(await loader.readyFor(LIQUID), full);
  const liquid = loader.parsePost(LIQUID);
  assert.match(liquid.html, /Hello from LIQUID\./);
  assert.doesNotMatch(liquid.html, /\{%|\{\{/);
  assert.equal(loader.parsePost(TOML).title, 'Toml');
  assert.equal(await loader.readyFor(FOLDED), full);
  assert.equal(loader.parsePost(FOLDED).title, 'A folded title');
  assert.equal(loader.newPostFileName('Hi', '2024-01-15'), '2024-01-15-hi.md');
});

test('warmUp parses its small post once through the loaded module, and does nothing while none is loaded', async () => {
  // A module instance of the loader of its own (the query), with nothing loaded yet.
  const fresh = await import('../../www/js/quire.js?warm-up');
  const parsed = [];
  const counting = new Proxy(reader, {
    get: (target, name) =>
      name === 'parsePost'
        ? (source, options) => {
            const post = target.parsePost(source, options);
            parsed.push({ path: options.path, html: post.html, problems: post.diagnostics.length });
            return post;
          }
        : target[name],
  });
  fresh.warmUp();
  assert.deepEqual(parsed, [], 'no module yet: nothing parsed, nothing thrown');
  fresh.adopt(counting, 'reader');
  fresh.warmUp();
  fresh.warmUp();
  assert.equal(parsed.length, 1, 'once per page');
  assert.match(parsed[0].html, /<em>emphasis<\/em>.*<code>code<\/code>/s, 'the reader module parsed it: it needs no engine');
  assert.equal(parsed[0].problems, 0);
});
