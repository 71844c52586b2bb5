// The site's data: posts/index.json (written by `quire build`, served by `quire serve`), the
// parts of it each route shows (posts/index/: a home page's posts, a tag's, a year's, the
// route shard of a post), and the raw post files; fetched once and kept until live reload
// says they changed. docs/site-contract.md describes the files.
import { ready, routeShard, setSite, warmUp } from '../quire.js';
import { routeKey } from './paths.js';
import { fetchOk } from '../fetch.js';

/** The site root: `www/js/blog/` is two levels below it, whatever the base path. */
export const SITE_ROOT = new URL('../../', import.meta.url);

let indexPromise;
const parts = new Map(); // name in posts/index/ -> Promise<posts>
let postList; // Promise, once the engine has the post list
const shards = new Map(); // route key -> route shard, of the posts the parts loaded listed
const sources = new Map(); // path -> Promise<string>


function checkIndex(index) {
  if (!index || typeof index !== 'object' || index.version !== 2 || !Array.isArray(index.tags) || !Array.isArray(index.years)) {
    throw new Error('posts/index.json is not a Quire index of this version (build the site again with `quire build`)');
  }
  index.site ??= {};
  index.pages = Array.isArray(index.pages) ? index.pages : [];
  return index;
}

/** The index, fetched once; `fresh` fetches it again (after a live change), and its parts. */
export function loadIndex({ fresh = false } = {}) {
  if (fresh || !indexPromise) {
    if (fresh) {
      parts.clear();
      shards.clear();
      postList = undefined;
    }
    const promise = fetchOk(new URL('posts/index.json', SITE_ROOT), {
      what: 'posts/index.json',
      notFound: ' (build the site with `quire build`)',
      ...(fresh ? { cache: 'no-store' } : {}),
    })
      .then((res) => res.json())
      .then(checkIndex)
      .then((index) => {
        setSite(index); // the posts' Liquid and shortcodes read it (config, pages, includes)
        return index;
      });
    promise.catch(() => {
      if (indexPromise === promise) indexPromise = undefined; // let a later call try again
    });
    indexPromise = promise;
  }
  return indexPromise;
}

/** A file of `posts/index/` (`home-2.json`…), fetched once per index; its `posts` list. */
function loadPart(name) {
  let promise = parts.get(name);
  if (!promise) {
    const what = `posts/index/${name}`;
    promise = fetchOk(new URL(what, SITE_ROOT), { what, cache: 'no-cache' })
      .then((res) => res.json())
      .then((part) => {
        if (!Array.isArray(part?.posts)) throw new Error(`${what} is not a part of a Quire index (no "posts" list)`);
        for (const post of part.posts) {
          for (const listed of [post, post?.older, post?.newer]) knowShard(listed?.permalink, listed?.shard);
        }
        return part.posts;
      });
    promise.catch(() => parts.delete(name));
    parts.set(name, promise);
  }
  return promise;
}

/**
 * The route shard of the post at `permalink` (the CLI puts it beside every post it lists,
 * and on a prerendered post's <main data-route-shard>): following a link to it then fetches
 * its shard at once, beside the engine rather than after it.
 */
export function knowShard(permalink, shard) {
  if (typeof permalink === 'string' && Number.isInteger(shard) && shard >= 0) shards.set(routeKey(permalink), shard);
}

/**
 * Starts fetching a part of the index a page will need (`home-1.json`, `route-3.json`)
 * before posts/index.json has arrived: the boot knows it from the address or the page.
 */
export function prefetchPart(name) {
  loadPart(name).catch(() => {}); // a failure shows when the view asks for it
}

/** Whether a part of the index loaded so far listed a post at this route key. */
export function isListedPost(key) {
  return shards.has(key);
}

/** Every post's path, permalink, title, date, tags and categories (`posts/index/all.json`). */
export function loadPostList() {
  return loadPart('all.json');
}

/**
 * Before a post or page is parsed: when the site's posts read the post list (`site.posts`,
 * links to a post by its file), the engine gets it first. Other sites never download it.
 */
export async function readyToParse(index) {
  if (!index.postList) return;
  postList ??= loadPostList().then(
    (posts) => setSite({ ...index, posts }),
    (err) => {
      postList = undefined;
      throw err;
    },
  );
  await postList;
}

/**
 * What a route shows, loaded: { route, data }. A post's route becomes { view: 'post', key,
 * post } with `data` its entry (older/newer included) from its route shard, or notFound.
 * Lists get their posts; the tags view the index's tags.
 */
export async function resolveRoute(route, index) {
  switch (route.view) {
    case 'home':
      return { route, data: await loadPart(`home-${route.page}.json`) };
    case 'tags':
      return { route, data: index.tags };
    case 'tag':
      return { route, data: await loadPart(`tag-${route.file}.json`) };
    case 'year':
      return { route, data: await loadPart(`year-${route.file}.json`) };
    case 'archive': {
      const lists = await Promise.all(index.years.map((_, i) => loadPart(`year-${i}.json`)));
      return { route, data: index.years.map(({ year }, i) => ({ year: typeof year === 'string' ? year : null, posts: lists[i] })) };
    }
    case 'post': {
      let shard = shards.get(route.key);
      if (shard === undefined) {
        try {
          await ready();
        } catch (err) {
          throw new Error(`Could not start the Markdown engine: ${err.message}`);
        }
        shard = routeShard(route.key, index.routeShards);
      }
      const part = loadPart(`route-${shard}.json`);
      // The part, then the post's file, are on their way: meanwhile the engine compiles its
      // parser (quire.js warmUp), which the post's parse would otherwise wait for.
      warmUp();
      const posts = await part;
      const post = posts.find((p) => typeof p?.permalink === 'string' && routeKey(p.permalink) === route.key);
      return post ? { route: { ...route, post }, data: post } : { route: { view: 'notFound' }, data: null };
    }
    default:
      return { route, data: null };
  }
}

/** The raw text of a post or page file (`path` relative to the site root), fetched once. */
export function loadSource(path) {
  let promise = sources.get(path);
  if (!promise) {
    promise = fetchOk(new URL(path, SITE_ROOT), { what: path, cache: 'no-cache' }).then((res) => res.text());
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
