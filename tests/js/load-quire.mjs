// Loads the three wasm-pack `--target web` builds in Node, synchronously, once: the full module
// (www/pkg-full: every export; what most tests call), the reader's (www/pkg, as `reader`) and
// the search module (www/pkg-search, as `search`).
// Build them first with `make wasm`.
import { readFileSync } from 'node:fs';
import { instantiate as load } from './wasm-module.mjs';

const full = await load('pkg-full');
const quire = full.mod;
/** The reader's module (www/pkg): what every reader of the blog downloads. */
export const reader = (await load('pkg')).mod;
/** The search module (www/pkg-search): what a search loads, and nothing else. */
export const search = (await load('pkg-search')).mod;
/** The byte sizes of the three modules' .wasm files. */
export const wasmBytes = {
  reader: readFileSync(new URL('../../www/pkg/quire_bg.wasm', import.meta.url)).length,
  full: readFileSync(new URL('../../www/pkg-full/quire_bg.wasm', import.meta.url)).length,
  search: readFileSync(new URL('../../www/pkg-search/quire_bg.wasm', import.meta.url)).length,
};
/** The full module's linear memory, for tests that check it does not grow. */
export const memory = full.instance.memory;
// www/js/quire.js (the page's one loader) uses these instances: it cannot fetch a file: URL here.
const loader = await import('../../www/js/quire.js');
loader.adopt(reader, 'reader');
loader.adopt(quire, 'full');
loader.adopt(search, 'search');

export const {
  parsePost,
  renderMarkdown,
  Draft,
  siteConfig,
  permalinkOf,
  postVisibility,
  tagSlug,
  newPostFileName,
  newPostSource,
  archiveYear,
  parseOptionsFor,
} = quire;

export const SEED_PATH = 'posts/2024-01-15-transitioning-to-technical-program-management.md';
export const SEED_SOURCE = readFileSync(new URL(`../../examples/blog/${SEED_PATH}`, import.meta.url), 'utf8');
export const SEED_TITLE =
  'Transitioning to Technical Program Management: Lessons from 8 Years in Operations';
