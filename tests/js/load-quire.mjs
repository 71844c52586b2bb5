// Loads the wasm-pack `--target web` build from www/pkg in Node, synchronously, once.
// Build it first with `make wasm`.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = new URL('../../www/pkg/', import.meta.url);
const wasmFile = fileURLToPath(new URL('quire_bg.wasm', pkg));
if (!existsSync(wasmFile)) {
  throw new Error(`${wasmFile} is missing: run \`make wasm\` first`);
}

const quire = await import(new URL('quire.js', pkg).href);
const instance = quire.initSync({ module: readFileSync(wasmFile) });
/** The module's linear memory, for tests that check it does not grow. */
export const memory = instance.memory;
// www/js/quire.js (the page's one loader) uses this instance: it cannot fetch a file: URL here.
(await import('../../www/js/quire.js')).adopt(quire);

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
