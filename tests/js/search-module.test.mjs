// The search module (www/pkg-search) and how www/js/quire.js hands searches to it: the query
// side of search left the reader's module (www/pkg), which every page downloads; the full one
// (www/pkg-full) keeps it. Each test takes a fresh instance of the loader (quire.js imported
// with its own query string), so what one adopts does not leak into the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiate } from './wasm-module.mjs';

const reader = (await instantiate('pkg')).mod;
const full = (await instantiate('pkg-full')).mod;
const search = (await instantiate('pkg-search')).mod;

let loaders = 0;
/** A loader of its own: nothing loaded, nothing adopted. */
const freshLoader = () => import(`../../www/js/quire.js?loader=${++loaders}`);

const SEARCH_EXPORTS = ['SearchIndex', 'searchSnippet', 'searchHighlights'];

// A search index of two posts by hand: meta.json, and one term chunk holding "levain" (posts 0
// and 1, impacts 8 and 4) in the format of src/search/format.rs.
const META = JSON.stringify({ version: 1, docs: 2, docsPerChunk: 64, terms: [['levain', 'terms-0.bin']], docFiles: ['docs-0.json'] });
const CHUNK = new Uint8Array([1, 0, 6, ...new TextEncoder().encode('levain'), 2, 0, 1, 8, 4]);
const HTML = '<p>Feed the <em>levain</em> every morning &amp; keep it warm.</p>';

function resultsOf(mod) {
  const index = new mod.SearchIndex(META);
  assert.deepEqual([...index.chunksFor('levain')], [0]);
  index.addChunk(0, CHUNK);
  return { found: index.search('levain', 10), file: index.docFile(1) };
}

test('the search module has the search exports and tagSlug, and no posts or site model', () => {
  for (const name of [...SEARCH_EXPORTS, 'tagSlug']) assert.equal(typeof search[name], 'function', `${name} is in the search module`);
  for (const name of ['parsePost', 'renderMarkdown', 'needsEngines', 'siteConfig', 'permalinkOf', 'routeShard', 'Draft', 'setSite']) {
    assert.equal(search[name], undefined, `${name} is not in the search module`);
  }
});

test('the reader module no longer carries search, and the full module still does', () => {
  for (const name of SEARCH_EXPORTS) {
    assert.equal(reader[name], undefined, `${name} is not in the reader's module`);
    assert.equal(typeof full[name], 'function', `${name} is in the full module`);
  }
  assert.equal(typeof reader.tagSlug, 'function', 'the reader keeps tagSlug');
});

test('the search module finds, snips, highlights and slugs exactly as the full module does', () => {
  const fromSearch = resultsOf(search);
  assert.deepEqual(fromSearch, resultsOf(full));
  assert.deepEqual(fromSearch.found.hits.map((h) => h.doc), [0, 1]);
  assert.deepEqual(fromSearch.file, { file: 'docs-0.json', index: 1 });
  assert.deepEqual(search.searchSnippet(HTML, 'levain', 60), full.searchSnippet(HTML, 'levain', 60));
  assert.deepEqual(search.searchSnippet(HTML, 'levain', 60)[1], { text: 'levain', hit: true });
  assert.deepEqual([...search.searchHighlights('Café levain', 'cafe levain')], [0, 4, 5, 11]);
  assert.equal(search.tagSlug('Rust & Wasm'), full.tagSlug('Rust & Wasm'));
  assert.throws(() => new search.SearchIndex('{}'), /search\/meta\.json is not a Quire search index/);
});

test('with only the search module loaded, searches and tag slugs work and posts ask for ready()', async () => {
  const loader = await freshLoader();
  loader.adopt(search, 'search');
  assert.equal(await loader.ready('search'), search);
  const index = loader.newSearchIndex(META);
  assert.ok(index instanceof search.SearchIndex, 'the index comes from the search module');
  assert.deepEqual(loader.searchSnippet(HTML, 'levain', 60), search.searchSnippet(HTML, 'levain', 60));
  assert.deepEqual([...loader.searchHighlights('levain', 'levain')], [0, 6]);
  assert.equal(loader.tagSlug('Rust & Wasm'), 'rust-wasm');
  assert.throws(() => loader.parsePost('# Hi\n'), /await ready\(\) first/);
  assert.throws(() => loader.parseOptionsFor('posts/a.md', {}), /await ready\(\) first/);
  assert.throws(() => loader.siteConfig({}), /await ready\('full'\) first/);
});

test('with nothing loaded, a search asks for ready(\'search\') first', async () => {
  const loader = await freshLoader();
  assert.throws(() => loader.newSearchIndex(META), /await ready\('search'\) first/);
  assert.throws(() => loader.searchHighlights('a', 'a'), /await ready\('search'\) first/);
  assert.throws(() => loader.ready('nope'), /no module "nope" \(reader, full or search\)/);
});

test('with the reader module loaded, a search still needs the search module', async () => {
  const loader = await freshLoader();
  loader.adopt(reader, 'reader');
  assert.throws(() => loader.searchSnippet(HTML, 'levain', 60), /await ready\('search'\) first/);
  loader.adopt(search, 'search');
  assert.deepEqual(loader.searchSnippet(HTML, 'levain', 60), search.searchSnippet(HTML, 'levain', 60));
  assert.equal(loader.tagSlug('Tag'), 'tag');
});

test('with the full module loaded, ready(\'search\') is the full module and nothing more is loaded', async () => {
  const loader = await freshLoader();
  loader.adopt(full, 'full');
  // Loading the search package would fail here (Node cannot fetch its .wasm): the full module
  // answers instead.
  assert.equal(await loader.ready('search'), full);
  assert.ok(loader.newSearchIndex(META) instanceof full.SearchIndex);
  assert.deepEqual([...loader.searchHighlights('levain', 'levain')], [0, 6]);
});
