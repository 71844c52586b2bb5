// The one place that loads the Quire WebAssembly module (www/pkg, built by `make wasm`).
//
//   import { ready, parsePost } from './quire.js';
//   await ready();
//   const post = parsePost(source, { path });
//
// The package is imported dynamically, so a missing or broken build rejects `ready()` (which
// the page can show) instead of failing the whole module graph before any code runs.

let loading;
let api;

/** Loads and instantiates the module once; resolves to its exports. */
export function ready() {
  loading ??= import('../pkg/quire.js')
    .then(async (mod) => {
      await mod.default();
      api = mod;
      return mod;
    })
    .catch((err) => {
      loading = undefined; // let a later call try again
      throw err;
    });
  return loading;
}

function loaded() {
  if (!api) throw new Error('Quire is not loaded yet: await ready() first');
  return api;
}

/** parsePost(source, options?) -> Post (see shared DESIGN.md). */
export function parsePost(source, options) {
  return loaded().parsePost(source, options);
}

/** renderMarkdown(markdown, options?) -> HTML string. */
export function renderMarkdown(markdown, options) {
  return loaded().renderMarkdown(markdown, options);
}
