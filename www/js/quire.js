// The one place that loads the Quire WebAssembly modules (built by `make wasm`):
//
//   www/pkg         the reader's module: posts without templates and the site model. Every page
//                   that shows a post loads it.
//   www/pkg-search  search: the index a query reads (SearchIndex), snippets, the words to mark
//                   (searchSnippet, searchHighlights) and tagSlug. Loaded only when a search
//                   runs (`ready('search')`): the search page gets its results through it alone.
//   www/pkg-full    everything: the template engines (Liquid, shortcodes), TOML front matter,
//                   the author's exports (newPostFileName, newPostSource; the editor's worker
//                   imports its Draft itself) and search. Loaded only for a post that needs the
//                   engines (the core's rule, asked through the reader's `needsEngines`) and by
//                   the editor.
//
//   import { readyFor, parsePost } from './quire.js';
//   await readyFor(source);          // the reader's module, and the full one if this post needs it
//   const post = parsePost(source, { path });
//
//   await ready('search');           // the search module (or the full one, when it is loaded)
//   const index = newSearchIndex(metaJson);
//
// `ready()` loads the reader's module alone (enough for everything but parsePost of a post with
// templates, the author's exports and search); `ready('full')` the full one; `ready('search')`
// the search one. Every other function uses whichever loaded module has it; parsePost of a post
// that needs the engines uses the full module, and throws a readable Error if only the reader's
// is loaded (await readyFor(source) first).
//
// The packages are imported dynamically, so a missing or broken build rejects `ready()` (which
// the page can show) instead of failing the whole module graph before any code runs.
//
// If a module ever traps (a WebAssembly.RuntimeError: a bug, since content problems come back
// as diagnostics), its instance may be broken. The call then throws a readable Error for that
// one post, the instance is dropped, and the next `ready()` creates a fresh one (a new import
// of the package, so a new module instance): the rest of the page keeps working.

const PACKAGES = { reader: '../pkg/quire.js', full: '../pkg-full/quire.js', search: '../pkg-search/quire.js' };
// Per kind of module: the promise of its loading, its exports once loaded, its restarts.
const modules = {
  reader: { loading: undefined, api: undefined, generation: 0 },
  full: { loading: undefined, api: undefined, generation: 0 },
  search: { loading: undefined, api: undefined, generation: 0 },
};
// Which modules have a function, in the order a call prefers them.
const POSTS = ['reader', 'full']; // posts, and what the shell asks of the site
const FULL = ['full']; // the author's exports, and what `quire build` decides about a post
const SEARCH = ['search', 'full']; // search
const TAGS = ['reader', 'full', 'search']; // tagSlug: the search page links tags too
const READER = ['reader']; // needsEngines before the full module is asked for, parsePost without it
let siteIndex = null;

/**
 * Uses a module already instantiated elsewhere as the `kind` ('reader', the default, 'full' or
 * 'search') module, for tests only: Node (tests/js/load-quire.mjs, where the package cannot fetch its own
 * .wasm file) and test-hooks.js (a stand-in that traps). The page never calls this.
 */
export function adopt(mod, kind = 'reader') {
  modules[kind].api = mod;
  modules[kind].loading = Promise.resolve(mod);
}

/**
 * Loads and instantiates the `kind` module ('reader', 'full' or 'search'), once per instance;
 * resolves to its exports. Without a kind: the full module if it is loaded or on its way (a page
 * whose post needs it asked for it first, and it does all the reader's does), else the reader's.
 * 'search' is the full module when that one is loaded already (it carries search too), else the
 * search module.
 */
export function ready(kind) {
  if (kind === undefined) kind = modules.full.api || modules.full.loading ? 'full' : 'reader';
  else if (kind === 'search' && !modules.search.api && modules.full.api) return modules.full.loading;
  const m = modules[kind];
  if (!m) throw new Error(`ready: no module ${JSON.stringify(kind)} (reader, full or search)`);
  const url = m.generation === 0 ? PACKAGES[kind] : `${PACKAGES[kind]}?instance=${m.generation}`;
  m.loading ??= import(url)
    .then(async (mod) => {
      await mod.default();
      if (kind === 'full' && siteIndex) mod.setSite(siteIndex);
      m.api = mod;
      return mod;
    })
    .catch((err) => {
      m.loading = undefined; // let a later call try again
      throw err;
    });
  return m.loading;
}

/**
 * Loads what parsePost(source) needs: the reader's module, and the full one when the post
 * needs the template engines (the core's rule: `needsEngines`). Resolves to the module that
 * will render it.
 */
export async function readyFor(source) {
  const first = await ready();
  if (first === modules.full.api) return first;
  return guarded(READER, (quire) => quire.needsEngines(source)) ? ready('full') : first;
}

/** Which module a call goes to: the first of `kinds` that is loaded. */
function pick(kinds) {
  return kinds.find((kind) => modules[kind].api);
}

// Every call goes through here: a trap (test-hooks.js forces one for the tests) drops that instance.
function guarded(kinds, call) {
  const chosen = pick(kinds);
  if (!chosen) {
    throw new Error(
      kinds === FULL
        ? 'This needs the full Quire module: await ready(\'full\') first'
        : kinds === SEARCH
          ? 'Search is not loaded yet: await ready(\'search\') first'
          : 'Quire is not loaded yet: await ready() first',
    );
  }
  const m = modules[chosen];
  try {
    return call(m.api);
  } catch (err) {
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    m.api = undefined;
    m.loading = undefined;
    m.generation += 1;
    throw new Error(`The Markdown engine stopped on this post (${err.message}); it has been restarted.`, {
      cause: err,
    });
  }
}

/** Whether a post file needs the full module (template engines, TOML, uncommon YAML): the core's rule. */
export function needsEngines(source) {
  return guarded(POSTS, (quire) => quire.needsEngines(source));
}

/** parsePost(source, options?) -> Post; a file of the site takes parseOptionsFor(path, site). */
export function parsePost(source, options) {
  if (modules.full.api) return guarded(FULL, (quire) => quire.parsePost(source, options));
  if (needsEngines(source)) {
    throw new Error('This post uses templates (Liquid or shortcodes), TOML or uncommon YAML front matter: await readyFor(source) first');
  }
  return guarded(READER, (quire) => quire.parsePost(source, options));
}

// A post in small with what most posts are made of (a footnote too), for warmUp and warmUpDraft.
const WARM_UP_POST = [
  '---',
  'title: "Warm-up"',
  'date: 2024-01-01',
  'tags: [one, two]',
  '---',
  '',
  'A paragraph with *emphasis*, **strong**, `code`, a [link](https://example.com/), <span>HTML</span> and a note.[^1]',
  '',
  '<!--more-->',
  '',
  '## A heading',
  '',
  '- an item',
  '',
  '> a quote',
  '',
  '```rust',
  'fn main() {}',
  '```',
  '',
  '[^1]: The note.',
  '',
].join('\n');
// Where warmUpDraft edits it: inside the paragraph, as an author types.
const WARM_UP_EDIT_AT = WARM_UP_POST.indexOf(' and a note.');
let warmedUp = false;

/**
 * Parses a small post once and forgets it, so the page's first real parsePost does not compile
 * the parser: wasm compiles each function on its first call, and a first parsePost of a 3 KB post
 * took 43-74 ms in a cold Chromium page, nearly all of it compiling. Called while a post is on
 * its way over the network, with the module loaded: the compiling happens meanwhile. Once per
 * page; never throws (a failure shows when the post itself is parsed).
 */
export function warmUp() {
  if (warmedUp || !pick(POSTS)) return;
  warmedUp = true;
  try {
    parsePost(WARM_UP_POST, { path: 'posts/2024-01-01-warm-up.md' });
  } catch {
    // The post's own parse reports it.
  }
}

/**
 * The same for a Draft's edits (the editor's LocalDraft, while the post it will edit loads onto
 * the page): a throwaway Draft with these render `options` loads the small post and takes one
 * edit. The first edit on the page compiled the edit code inside the author's keystroke (3.6-11.3
 * ms on a 1 MB post, against 0.6-1.6 for the edits after it). Throws as draftCall does.
 */
export function warmUpDraft(options) {
  const draft = newDraft(options);
  try {
    draftCall(draft, (d) => {
      d.load(WARM_UP_POST);
      d.edit(WARM_UP_EDIT_AT, WARM_UP_EDIT_AT, 's');
      d.lines();
    });
  } finally {
    draft.free();
  }
}

/**
 * Hands the site (posts/index.json as fetched) to the engine for the Liquid and shortcodes of
 * posts; kept for an instance created later (after a restart). Needs no loaded module.
 */
export function setSite(index) {
  siteIndex = index ?? null;
  if (modules.full.api) guarded(FULL, (quire) => quire.setSite(siteIndex));
}

/**
 * A `Draft` (the editor's post, rendered again only where an edit reaches: quire::Draft) of the
 * page's full module (await ready('full') first). Its calls go through draftCall, so a trap
 * drops the instance like any other call here.
 */
export function newDraft(options) {
  return guarded(FULL, (quire) => new quire.Draft(options));
}

/** call(draft) for a draft of newDraft: a trap in it drops the full module's instance. */
export function draftCall(draft, call) {
  return guarded(FULL, () => call(draft));
}

/** renderMarkdown(markdown, options?) -> HTML string. */
export function renderMarkdown(markdown, options) {
  return guarded(POSTS, (quire) => quire.renderMarkdown(markdown, options));
}

// What the shell asks of the site (the core's one home of these rules: src/site/). Like
// parsePost, they need the reader's or the full module loaded: await ready() first (tagSlug: or
// the search module).

/**
 * The options a file of the site is parsed with (parsePost, the editor's Draft): the site's
 * excerpt_separator and unsafe_html, and `path` (may be null) — the core's rule, the CLI's too.
 */
export function parseOptionsFor(path, site) {
  return guarded(POSTS, (quire) => quire.parseOptionsFor(path ?? null, site));
}

/** A tag's slug for `/tags/<slug>/` ('' when it has no letters or digits). */
export function tagSlug(tag) {
  return guarded(TAGS, (quire) => quire.tagSlug(tag));
}

/** The route shard (posts/index/route-N.json) listing the post at a site path, of `shards`. */
export function routeShard(sitePath, shards) {
  return guarded(POSTS, (quire) => quire.routeShard(sitePath, shards));
}

// What `quire build` decides about each post (the core's rules, src/site/): readers get it in
// index.json, so only the full module has these (await ready('full') first).

/** The site settings normalized, defaults filled in (what index.json carries as `site`). */
export function siteConfig(site) {
  return guarded(FULL, (quire) => quire.siteConfig(site));
}

/** A post's site path: its front matter `permalink`, else the site's pattern. */
export function permalinkOf(post, site) {
  return guarded(FULL, (quire) => quire.permalinkOf(post, site));
}

/** { published, draft, future } for a post at `nowMs`, the site `offsetMinutes` east of UTC. */
export function postVisibility(post, site, nowMs, offsetMinutes) {
  return guarded(FULL, (quire) => quire.postVisibility(post, site, nowMs, offsetMinutes));
}

/** The year a post is filed under in the archive, or null when it is undated. */
export function archiveYear(date) {
  return guarded(FULL, (quire) => quire.archiveYear(date ?? null));
}

// The author's exports: only the full module has them (await ready('full') first).

/** The file name a post is saved as: `YYYY-MM-DD-slug.md`. */
export function newPostFileName(title, date) {
  return guarded(FULL, (quire) => quire.newPostFileName(title, date));
}

/** The text a new post starts from: a draft dated `date`. */
export function newPostSource(title, date) {
  return guarded(FULL, (quire) => quire.newPostSource(title, date));
}

// Search (the core's src/search/: tokenizing, accent folding and prefixes all live there): the
// search module's, or the full one's when only that is loaded (await ready('search') first).

/** new SearchIndex(metaJsonText): the index of `search/meta.json`, chunks added as fetched. */
export function newSearchIndex(meta) {
  return guarded(SEARCH, (quire) => new quire.SearchIndex(meta));
}

/** [{ text, hit }]: about `maxBytes` of a post's text (from its rendered html) around the query's words. */
export function searchSnippet(html, query, maxBytes) {
  return guarded(SEARCH, (quire) => quire.searchSnippet(html, query, maxBytes));
}

/** Uint32Array of [start, end, …] UTF-16 offsets of the query's words in `text`. */
export function searchHighlights(text, query) {
  return guarded(SEARCH, (quire) => quire.searchHighlights(text, query));
}
