// The site's data: posts/index.json (written by `quire build`, served by `quire serve`) and
// the raw post files, fetched once and kept until live reload says they changed.
import { archiveYear, ready, setSite, siteConfig, tagSlug } from '../quire.js';

/** The site root: `www/js/blog/` is two levels below it, whatever the base path. */
export const SITE_ROOT = new URL('../../', import.meta.url);

let indexPromise;
const sources = new Map(); // path -> Promise<string>

async function fetchOk(url, what, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new Error(`Could not fetch ${what}: ${err.message}`);
  }
  if (!res.ok) {
    const hint = what === 'posts/index.json' && res.status === 404 ? ' (build the site with `quire build`)' : '';
    throw new Error(`Could not fetch ${what}: HTTP ${res.status} ${res.statusText}`.trim() + hint);
  }
  return res;
}

function checkIndex(index) {
  if (!index || typeof index !== 'object' || !Array.isArray(index.posts)) {
    throw new Error('posts/index.json is not a Quire index (no "posts" list)');
  }
  index.site ??= {};
  index.pages = Array.isArray(index.pages) ? index.pages : [];
  return index;
}

/**
 * The index with the core's answers the views read: `site` normalized (`paginate`…) and each
 * post's `tagSlugs` and archive `year`. The CLI writes them; only an index without them waits for the engine to
 * compute them here, so list pages never load it otherwise.
 */
async function completeIndex(index) {
  const complete =
    Number.isInteger(index.site.paginate) && index.site.paginate >= 1 && index.posts.every((p) => Array.isArray(p.tagSlugs) && 'year' in p);
  if (complete) return index;
  await ready();
  index.site = siteConfig(index.site);
  for (const post of index.posts) {
    post.tagSlugs = (Array.isArray(post.tags) ? post.tags : []).map((tag) => tagSlug(String(tag)));
    post.year = archiveYear(typeof post.date === 'string' ? post.date : null);
  }
  return index;
}

/** The index, fetched once; `fresh` fetches it again (after a live change). */
export function loadIndex({ fresh = false } = {}) {
  if (fresh || !indexPromise) {
    const promise = fetchOk(new URL('posts/index.json', SITE_ROOT), 'posts/index.json', fresh ? { cache: 'no-store' } : {})
      .then((res) => res.json())
      .then(checkIndex)
      .then(completeIndex)
      .then((index) => {
        setSite(index); // the posts' Liquid and shortcodes read it (config, post list, includes)
        return index;
      });
    promise.catch(() => {
      if (indexPromise === promise) indexPromise = undefined; // let a later call try again
    });
    indexPromise = promise;
  }
  return indexPromise;
}

/** The raw text of a post or page file (`path` relative to the site root), fetched once. */
export function loadSource(path) {
  let promise = sources.get(path);
  if (!promise) {
    promise = fetchOk(new URL(path, SITE_ROOT), path, { cache: 'no-cache' }).then((res) => res.text());
    promise.catch(() => sources.delete(path));
    sources.set(path, promise);
  }
  return promise;
}

/** Forgets these files (or all of them), so the next loadSource fetches them again. */
export function forgetSources(paths) {
  if (!paths) sources.clear();
  else for (const path of paths) sources.delete(path);
}
