// Pure helpers of the blog shell: site paths, routes, pagination (no DOM; unit tested in Node
// by tests/js/blog.test.mjs). docs/site-contract.md is the reference.
//
// A *site path* starts with `/` and never includes the base path: `/2024/01/15/hello/`.
// No rule of the site model lives here: the index carries the core's answers (site.js makes
// sure of it): `site.paginate` (posts per page) and each post's `tagSlugs` (the slug of each
// of its `tags`, in order).

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

/** permalink → { kind: 'post' | 'page', entry, position } for one index (built once). */
function lookupOf(index) {
  let map = lookups.get(index);
  if (map) return map;
  map = new Map();
  // Pages first, then posts: a post wins a permalink both claim (the CLI refuses that anyway).
  (index?.pages ?? []).forEach((entry, position) => {
    if (typeof entry?.permalink === 'string') map.set(routeKey(entry.permalink), { kind: 'page', entry, position });
  });
  (index?.posts ?? []).forEach((entry, position) => {
    if (typeof entry?.permalink === 'string') map.set(routeKey(entry.permalink), { kind: 'post', entry, position });
  });
  lookups.set(index, map);
  return map;
}

/**
 * The view for a site path:
 *   { view: 'home', page }            `/` (page 1) and `/page/N/` (N ≥ 2)
 *   { view: 'post', post, position }  a post's permalink (position in index.posts)
 *   { view: 'page', page }            a standalone page's permalink
 *   { view: 'tags' }, { view: 'tag', slug }, { view: 'archive' }
 *   { view: 'search' }                `/search/` (the query is the URL's `?q=`)
 *   { view: 'edit', permalink }       `/edit/` ('' : a new post) and `/edit/<permalink>`
 *   { view: 'notFound' }
 * A permalink of the index wins over the built-in routes (its prerendered file is what a
 * static server would send). Page numbers past the last page are not found.
 */
export function matchRoute(sitePath, index) {
  const key = routeKey(sitePath);
  const segments = key.split('/').slice(1).filter(Boolean);
  if (segments[0] === 'edit') {
    const rest = segments.slice(1);
    return { view: 'edit', permalink: rest.length ? findPermalink(`/${rest.join('/')}`, index) : '' };
  }
  const found = key === '/' ? undefined : lookupOf(index).get(key);
  if (found?.kind === 'post') return { view: 'post', post: found.entry, position: found.position };
  if (found?.kind === 'page') return { view: 'page', page: found.entry };
  if (key === '/') return { view: 'home', page: 1 };
  if (segments.length === 2 && segments[0] === 'page' && /^[1-9]\d{0,8}$/.test(segments[1])) {
    const page = Number(segments[1]);
    const pages = pageCount(index?.posts?.length ?? 0, index?.site?.paginate);
    if (page >= 2 && page <= pages) return { view: 'home', page };
  }
  if (segments[0] === 'tags' && segments.length === 1) return { view: 'tags' };
  if (segments[0] === 'tags' && segments.length === 2) {
    const slug = segments[1].toLowerCase();
    if ((index?.posts ?? []).some((p) => slugsOf(p).includes(slug))) {
      return { view: 'tag', slug };
    }
  }
  if (segments[0] === 'archive' && segments.length === 1) return { view: 'archive' };
  if (segments[0] === 'search' && segments.length === 1) return { view: 'search' };
  return { view: 'notFound' };
}

/** The editor route's permalink as written in the index (trailing slash and all), if found. */
function findPermalink(path, index) {
  return lookupOf(index).get(routeKey(path))?.entry.permalink ?? `${routeKey(path)}/`;
}

/** A post's tags with their slugs (the index's `tagSlugs`, one per tag): [[tag, slug]]. */
export function taggedAs(post) {
  const slugs = post?.tagSlugs ?? [];
  return (post?.tags ?? []).map((tag, i) => [String(tag), typeof slugs[i] === 'string' ? slugs[i] : '']);
}

function slugsOf(post) {
  return taggedAs(post).map(([, slug]) => slug);
}

export function pageCount(total, size) {
  return Math.max(1, Math.ceil(total / size));
}

/**
 * One page of `items`: { items, page, pages, newer, older } where newer/older are the site
 * paths of the neighbouring pages (or null). Page 1 is `/`, page N is `/page/N/`.
 */
export function paginate(items, size, page) {
  const pages = pageCount(items.length, size);
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * size;
  return {
    items: items.slice(start, start + size),
    page: current,
    pages,
    newer: current > 1 ? homePath(current - 1) : null,
    older: current < pages ? homePath(current + 1) : null,
  };
}

export function homePath(page) {
  return page <= 1 ? '/' : `/page/${page}/`;
}

/** [{ tag, slug, count }] over every post, the first spelling of each slug, sorted by name. */
export function tagsOf(posts) {
  const bySlug = new Map();
  for (const post of posts ?? []) {
    const seen = new Set();
    for (const [tag, slug] of taggedAs(post)) {
      if (!slug || seen.has(slug)) continue;
      seen.add(slug);
      const entry = bySlug.get(slug) ?? { tag, slug, count: 0 };
      entry.count += 1;
      bySlug.set(slug, entry);
    }
  }
  return [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

/** The posts carrying a tag with this slug, in index order (newest first). */
export function postsTagged(posts, slug) {
  return (posts ?? []).filter((p) => slugsOf(p).includes(slug));
}

/**
 * Posts grouped by the year their date is written with, newest year first, index order kept
 * inside a year: [{ year, posts }]. Undated posts come last with year null.
 */
export function groupByYear(posts) {
  const groups = new Map();
  for (const post of posts ?? []) {
    const year = typeof post.year === 'string' ? post.year : null; // the core's, from the index
    if (!groups.has(year)) groups.set(year, []);
    groups.get(year).push(post);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b.localeCompare(a)))
    .map(([year, list]) => ({ year, posts: list }));
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
 * (or, for a post or page, its file) changed. A post also shows its neighbours' titles.
 */
export function viewSignature(route, index) {
  const site = index?.site ?? {};
  const posts = index?.posts ?? [];
  switch (route.view) {
    case 'post': {
      const at = posts.findIndex((p) => p.path === route.post.path);
      return JSON.stringify(['post', site, route.post, posts[at + 1] ?? null, at > 0 ? posts[at - 1] : null]);
    }
    case 'page':
      return JSON.stringify(['page', site, route.page]);
    case 'notFound':
      return JSON.stringify(['notFound', site.title ?? null]);
    default:
      return JSON.stringify([route.view, route.page ?? route.slug ?? null, site, posts]);
  }
}
