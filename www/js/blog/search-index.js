// The search index in the reader's browser: `search/meta.json` (fetched once, revalidated),
// then only the term chunks a query needs and the docs files of the posts shown. Chunk and
// docs file names carry a hash of their bytes, so the browser may cache them for good. What
// matches what (words, accents, prefixes) is the core's business (src/search/), never ours: it
// runs in the search module (www/pkg-search, `ready('search')`), which only a search loads. A
// snippet quotes a post's rendered text, so it parses that post with the reader's module.
//
//   const { results, total, allWords } = await findPosts('rust wasm', 8);
//   results: [{ permalink, title, date, tags, path }]   (path: the post's file, for snippets)
//   const segments = await snippetOf(result, 'rust wasm');   // [{ text, hit }]
import { ready, newSearchIndex, searchSnippet } from '../quire.js';
import { SITE_ROOT, loadIndex } from './site.js';
import { parseFile } from './views.js';
import { fetchOk } from '../fetch.js';

const SEARCH = new URL('search/', SITE_ROOT);
/** About this many bytes of a post's text around the words found. */
const SNIPPET_BYTES = 180;

let indexPromise; // Promise<SearchIndex>
const chunks = new Map(); // chunk number -> Promise<void> while it is fetched
const docFiles = new Map(); // docs file name -> Promise<Array<[permalink, title, date, tags, path]>>
const bodies = new Map(); // post file path -> Promise<string> (its rendered html)

/** A file of the search index (`search/NAME`), or an error that says so. */
function fetchSearch(name, init) {
  return fetchOk(new URL(name, SEARCH), {
    what: 'the search index',
    notFound: ' (build the site with a Quire that writes search/)',
    ...init,
  });
}

function loadSearchIndex() {
  if (!indexPromise) {
    const promise = Promise.all([fetchSearch('meta.json', { cache: 'no-cache' }).then((r) => r.text()), ready('search')]).then(
      ([meta]) => newSearchIndex(meta),
    );
    promise.catch(() => {
      if (indexPromise === promise) indexPromise = undefined; // a later query tries again
    });
    indexPromise = promise;
  }
  return indexPromise;
}

/** Forgets everything loaded (after a rebuild under `quire serve`): the next query starts over. */
export function forgetSearchIndex() {
  indexPromise = undefined;
  chunks.clear();
  docFiles.clear();
  bodies.clear();
}
// app.js says so when live reload brings a new site index.
document.addEventListener('quire:site-changed', forgetSearchIndex);

/** Fetches and adds the chunks `query` needs (each fetched once, even by queries in flight). */
async function loadChunks(index, query) {
  const waits = [];
  for (const n of index.chunksFor(query)) {
    let promise = chunks.get(n);
    if (!promise) {
      promise = fetchSearch(index.chunkFile(n))
        .then((res) => res.arrayBuffer())
        .then((bytes) => index.addChunk(n, new Uint8Array(bytes)))
        .finally(() => chunks.delete(n)); // added, or to be fetched again by the next query
      chunks.set(n, promise);
    }
    waits.push(promise);
  }
  await Promise.all(waits);
}

function loadDocFile(file) {
  let promise = docFiles.get(file);
  if (!promise) {
    promise = fetchSearch(file).then((res) => res.json());
    promise.catch(() => docFiles.delete(file));
    docFiles.set(file, promise);
  }
  return promise;
}

/**
 * The best `limit` posts for `query`: { results, total, allWords } (total: every post that
 * qualifies, for "more results"). An empty query finds nothing.
 */
export async function findPosts(query, limit) {
  if (!query.trim()) return { results: [], total: 0, allWords: true };
  const index = await loadSearchIndex();
  await loadChunks(index, query);
  const found = index.search(query, limit);
  const results = await Promise.all(
    found.hits.map(async ({ doc }) => {
      const { file, index: at } = index.docFile(doc);
      const entry = (await loadDocFile(file))[at];
      if (!Array.isArray(entry)) throw new Error(`search/${file} has no post ${at}`);
      const [permalink, title, date, tags, path] = entry;
      return {
        permalink: String(permalink),
        title: typeof title === 'string' && title.trim() ? title : String(permalink),
        date: typeof date === 'string' ? date : null,
        tags: Array.isArray(tags) ? tags.map(String) : [],
        path: typeof path === 'string' && path ? path : null,
      };
    }),
  );
  return { results, total: found.total, allWords: found.allWords };
}

/** The rendered html of a post file, parsed once. */
function bodyOf(path) {
  let promise = bodies.get(path);
  if (!promise) {
    promise = loadIndex()
      .then((siteIndex) => parseFile(path, siteIndex))
      .then((post) => post.html);
    promise.catch(() => bodies.delete(path));
    bodies.set(path, promise);
  }
  return promise;
}

/** The words of `query` in a result's text, with some text around them: [{ text, hit }]. */
export async function snippetOf(result, query) {
  if (!result.path) return [];
  return searchSnippet(await bodyOf(result.path), query, SNIPPET_BYTES);
}
