// The one place that loads the Quire WebAssembly module (www/pkg, built by `make wasm`).
//
//   import { ready, parsePost } from './quire.js';
//   await ready();
//   const post = parsePost(source, { path });
//
// The package is imported dynamically, so a missing or broken build rejects `ready()` (which
// the page can show) instead of failing the whole module graph before any code runs.
//
// If the module ever traps (a WebAssembly.RuntimeError: a bug, since content problems come back
// as diagnostics), its instance may be broken. The call then throws a readable Error for that
// one post, the instance is dropped, and the next `ready()` creates a fresh one (a new import
// of the package, so a new module instance): the rest of the page keeps working.

let loading;
let api;
let generation = 0;
let siteIndex = null;

/**
 * Uses a module already instantiated elsewhere, for tests only: Node (tests/js/load-quire.mjs,
 * where the package cannot fetch its own .wasm file) and test-hooks.js (a stand-in that traps).
 * The page never calls this.
 */
export function adopt(mod) {
  api = mod;
  loading = Promise.resolve(mod);
}

/** Loads and instantiates the module (once per instance); resolves to its exports. */
export function ready() {
  const url = generation === 0 ? '../pkg/quire.js' : `../pkg/quire.js?instance=${generation}`;
  loading ??= import(url)
    .then(async (mod) => {
      await mod.default();
      if (siteIndex) mod.setSite(siteIndex);
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

// Every call goes through here: a trap (test-hooks.js forces one for the tests) drops the instance.
function guarded(call) {
  try {
    return call(loaded());
  } catch (err) {
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    api = undefined;
    loading = undefined;
    generation += 1;
    throw new Error(`The Markdown engine stopped on this post (${err.message}); it has been restarted.`, {
      cause: err,
    });
  }
}

/** parsePost(source, options?) -> Post; a file of the site takes parseOptionsFor(path, site). */
export function parsePost(source, options) {
  return guarded((quire) => quire.parsePost(source, options));
}

/**
 * Hands the site (posts/index.json as fetched) to the engine for the Liquid and shortcodes of
 * posts; kept for an instance created later (after a restart). Needs no loaded module.
 */
export function setSite(index) {
  siteIndex = index ?? null;
  if (api) guarded((quire) => quire.setSite(siteIndex));
}

/** renderMarkdown(markdown, options?) -> HTML string. */
export function renderMarkdown(markdown, options) {
  return guarded((quire) => quire.renderMarkdown(markdown, options));
}

// The site model (the core's one home of these rules: src/site/). Like parsePost,
// they need the module loaded: await ready() first.

/** The site settings normalized, defaults filled in (what index.json carries as `site`). */
export function siteConfig(site) {
  return guarded((quire) => quire.siteConfig(site));
}

/**
 * The options a file of the site is parsed with (parsePost, the editor's Draft): the site's
 * excerpt_separator and unsafe_html, and `path` (may be null) — the core's rule, the CLI's too.
 */
export function parseOptionsFor(path, site) {
  return guarded((quire) => quire.parseOptionsFor(path ?? null, site));
}

/** A post's site path: its front matter `permalink`, else the site's pattern. */
export function permalinkOf(post, site) {
  return guarded((quire) => quire.permalinkOf(post, site));
}

/** { published, draft, future } for a post at `nowMs`, the site `offsetMinutes` east of UTC. */
export function postVisibility(post, site, nowMs, offsetMinutes) {
  return guarded((quire) => quire.postVisibility(post, site, nowMs, offsetMinutes));
}

/** A tag's slug for `/tags/<slug>/` ('' when it has no letters or digits). */
export function tagSlug(tag) {
  return guarded((quire) => quire.tagSlug(tag));
}

/** The year a post is filed under in the archive, or null when it is undated. */
export function archiveYear(date) {
  return guarded((quire) => quire.archiveYear(date ?? null));
}

/** The route shard (posts/index/route-N.json) listing the post at a site path, of `shards`. */
export function routeShard(sitePath, shards) {
  return guarded((quire) => quire.routeShard(sitePath, shards));
}

/** The file name a post is saved as: `YYYY-MM-DD-slug.md`. */
export function newPostFileName(title, date) {
  return guarded((quire) => quire.newPostFileName(title, date));
}

/** The text a new post starts from: a draft dated `date`. */
export function newPostSource(title, date) {
  return guarded((quire) => quire.newPostSource(title, date));
}

// Search (the core's src/search/: tokenizing, accent folding and prefixes all live there).

/** new SearchIndex(metaJsonText): the index of `search/meta.json`, chunks added as fetched. */
export function newSearchIndex(meta) {
  return guarded((quire) => new quire.SearchIndex(meta));
}

/** [{ text, hit }]: about `maxBytes` of a post's text (from its rendered html) around the query's words. */
export function searchSnippet(html, query, maxBytes) {
  return guarded((quire) => quire.searchSnippet(html, query, maxBytes));
}

/** Uint32Array of [start, end, …] UTF-16 offsets of the query's words in `text`. */
export function searchHighlights(text, query) {
  return guarded((quire) => quire.searchHighlights(text, query));
}
