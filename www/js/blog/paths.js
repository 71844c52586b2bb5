// Pure helpers of the blog shell: site paths, routes, pagination (no DOM; unit tested in Node
// by tests/js/blog.test.mjs). docs/site-contract.md is the reference.
//
// A *site path* starts with `/` and never includes the base path: `/2024/01/15/hello/`.
// No rule of the site model lives here: the index carries the CLI's answers (each post's
// `tagSlugs`, the tags and years with their posts, how many home pages there are), and which
// route shard lists a post is the core's (quire.js routeShard).

/** The key a site path is looked up by: decoded, one leading `/`, no trailing `/`. */
export function routeKey(sitePath) {
  const segments = String(sitePath).split('/').filter(Boolean);
  return `/${segments.join('/')}`;
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The site path of a URL under the site root (both URL objects or strings), decoded, or null
 * when the URL is on another origin or outside the root. `/blog` is the root of `/blog/`, and
 * `index.html` at the root is `/`.
 */
export function sitePathOf(url, root) {
  const u = new URL(url);
  const r = new URL(root);
  if (u.origin !== r.origin) return null;
  let rest;
  if (u.pathname.startsWith(r.pathname)) rest = u.pathname.slice(r.pathname.length);
  else if (`${u.pathname}/` === r.pathname) rest = '';
  else return null;
  if (rest === 'index.html') rest = '';
  return `/${rest.split('/').map(decodeSegment).join('/')}`;
}

/**
 * A link to a site path, relative to `<base>` (the site root): the path without its leading
 * `/`, each segment percent-encoded, so a segment such as `c:x` can never read as a URL scheme
 * and `?` or `#` in a permalink stay part of the path. The root itself is `./`.
 */
export function hrefOf(sitePath) {
  const rest = String(sitePath).replace(/^\/+/, '');
  if (!rest) return './';
  return rest
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** The absolute URL of a site path: `site.url` + `site.baseurl` + path, else under `root`. */
export function absoluteUrl(sitePath, site, root) {
  const url = typeof site?.url === 'string' && /^https?:\/\//i.test(site.url) ? site.url.replace(/\/+$/, '') : null;
  const base = url ? `${url}${normalizeBase(site.baseurl)}/` : String(root);
  const rest = hrefOf(sitePath);
  return new URL(rest === './' ? '' : rest, base).href;
}

/** `baseurl` as the CLI normalizes it: '' or '/blog' (leading slash, no trailing slash). */
export function normalizeBase(baseurl) {
  const trimmed = String(baseurl ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

const lookups = new WeakMap();

/** route key → page entry, and the route keys posts claimed from the list routes (built once). */
function lookupOf(index) {
  let found = lookups.get(index);
  if (found) return found;
  const pages = new Map();
  for (const entry of index?.pages ?? []) {
    if (typeof entry?.permalink === 'string') pages.set(routeKey(entry.permalink), entry);
  }
  const claimed = new Set((index?.claimed ?? []).filter((p) => typeof p === 'string').map(routeKey));
  found = { pages, claimed };
  lookups.set(index, found);
  return found;
}

/**
 * The view for a site path, from `posts/index.json` alone (docs/site-contract.md):
 *   { view: 'home', page }            `/` (page 1) and `/page/N/` (2 ≤ N ≤ index.homePages)
 *   { view: 'page', page }            a standalone page's permalink
 *   { view: 'tags' }                  `/tags/`
 *   { view: 'tag', slug, tag, file }  `/tags/<slug>/` of a tag in index.tags (file: its place)
 *   { view: 'archive' }               `/archive/`
 *   { view: 'year', year, file }      `/archive/<year>/` of a year in index.years
 *   { view: 'search' }                `/search/` (the query is the URL's `?q=`)
 *   { view: 'edit', permalink }       `/edit/` ('' : a new post) and `/edit/<permalink>`
 *   { view: 'post', key }             anything else: a post's, if its route shard lists it
 *                                     (site.js resolveRoute), else not found
 * A page's permalink, and a list route a post claimed (index.claimed), win over the list
 * routes (their prerendered file is the page's or post's, as a static server would send).
 */
export function matchRoute(sitePath, index) {
  const key = routeKey(sitePath);
  const segments = key.split('/').slice(1).filter(Boolean);
  const { pages, claimed } = lookupOf(index);
  if (segments[0] === 'edit') {
    const rest = segments.slice(1);
    if (!rest.length) return { view: 'edit', permalink: '' };
    const wanted = `/${rest.join('/')}`;
    return { view: 'edit', permalink: pages.get(routeKey(wanted))?.permalink ?? `${routeKey(wanted)}/` };
  }
  const page = key === '/' ? undefined : pages.get(key);
  if (page) return { view: 'page', page };
  if (claimed.has(key) && key !== '/') return { view: 'post', key };
  if (key === '/') return { view: 'home', page: 1 };
  if (segments.length === 2 && segments[0] === 'page' && /^[1-9]\d{0,8}$/.test(segments[1])) {
    const n = Number(segments[1]);
    if (n >= 2 && n <= (index?.homePages ?? 1)) return { view: 'home', page: n };
  }
  if (segments[0] === 'tags' && segments.length === 1) return { view: 'tags' };
  if (segments[0] === 'tags' && segments.length === 2) {
    const slug = segments[1].toLowerCase();
    const file = (index?.tags ?? []).findIndex((t) => t?.slug === slug);
    if (file >= 0) return { view: 'tag', slug, tag: index.tags[file], file };
  }
  if (segments[0] === 'archive' && segments.length === 1) return { view: 'archive' };
  if (segments[0] === 'archive' && segments.length === 2) {
    const file = (index?.years ?? []).findIndex((y) => typeof y?.year === 'string' && y.year === segments[1]);
    if (file >= 0) return { view: 'year', year: segments[1], file };
  }
  if (segments[0] === 'search' && segments.length === 1) return { view: 'search' };
  return { view: 'post', key };
}

/** A post's tags with their slugs (the index's `tagSlugs`, one per tag): [[tag, slug]]. */
export function taggedAs(post) {
  const slugs = post?.tagSlugs ?? [];
  return (post?.tags ?? []).map((tag, i) => [String(tag), typeof slugs[i] === 'string' ? slugs[i] : '']);
}

/**
 * Home page `page` of `pages`: { page, pages, newer, older } where newer/older are the site
 * paths of the neighbouring pages (or null). Page 1 is `/`, page N is `/page/N/`.
 */
export function homePage(page, pages) {
  const last = Math.max(1, pages);
  const current = Math.min(Math.max(1, page), last);
  return {
    page: current,
    pages: last,
    newer: current > 1 ? homePath(current - 1) : null,
    older: current < last ? homePath(current + 1) : null,
  };
}

export function homePath(page) {
  return page <= 1 ? '/' : `/page/${page}/`;
}

/** Text cut to at most `max` characters at a word boundary, with "…" when cut. */
export function truncateText(text, max = 300) {
  const clean = String(text ?? '').replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The title shown for an entry: its title if not blank, else its slug, else "Untitled". */
export function titleOf(entry) {
  const title = typeof entry?.title === 'string' ? entry.title : '';
  if (title.trim()) return title;
  return entry?.slug || 'Untitled';
}

/**
 * What a view shows of the index, as a string: live reload re-renders a view only when this
 * (or, for a post or page, its file) changed. `data` is what site.js resolveRoute loaded for
 * it (a post's entry with its neighbours' titles, a list's posts).
 */
export function viewSignature(route, data, index) {
  const site = index?.site ?? {};
  switch (route.view) {
    case 'page':
      return JSON.stringify(['page', site, route.page]);
    case 'notFound':
      return JSON.stringify(['notFound', site.title ?? null]);
    default:
      return JSON.stringify([route.view, route.page ?? route.slug ?? route.year ?? null, site, data ?? null]);
  }
}
