// The blog's views. Each takes the route (site.js resolveRoute) and { index, site, data,
// sitePath, url, retry } (data: what resolveRoute loaded for the route) and resolves to
// { content, head, paths }:
//   content  a node to put in <main id="content">
//   head     { title, description, path, type } for meta.js
//   paths    the files (site-root-relative) this view shows, for live reload
// Every front matter value goes in as text (dom.js); only the core's sanitized html and
// excerptHtml go in as HTML. The post markup is docs/site-contract.md's, the CLI prerenders it.
import { h, html, fragment } from './dom.js';
import { formatDate, hasDateFormat, readingTime, writtenDate } from '../format.js';
import { ready, readyFor, needsEngines, parsePost, parseOptionsFor, tagSlug } from '../quire.js';
import { loadSource, readyToParse } from './site.js';
import { describe } from './meta.js';
import { homePage, hrefOf, taggedAs, titleOf } from './paths.js';

// ---- small pieces --------------------------------------------------------------------------

/** A post's date: in the reader's locale, or as written until that format is made (app.js). */
function dateElement(date) {
  if (!date) return null;
  return h('time', { className: 'dt-published', datetime: date }, hasDateFormat() ? formatDate(date) : writtenDate(date));
}

/**
 * The dates of a page the shell keeps as the CLI wrote it (docs/site-contract.md: a final
 * page), shown in the reader's locale as its own views show them.
 */
export function localizeDates(root) {
  for (const time of root.querySelectorAll('time.dt-published[datetime]')) {
    const text = formatDate(time.getAttribute('datetime'));
    if (time.textContent !== text) time.textContent = text;
  }
}

/** A listed post's route shard as its `data-shard` (docs/site-contract.md), or none. */
function shardOf(post) {
  return Number.isInteger(post.shard) ? String(post.shard) : null;
}

function draftBadge(draft) {
  return draft ? h('span', { className: 'badge badge-draft' }, 'draft') : null;
}

function postMeta({ date, readingMinutes, draft }) {
  return h(
    'p',
    { className: 'post-meta' },
    dateElement(date),
    readingMinutes === undefined ? null : h('span', { className: 'reading-time' }, readingTime(readingMinutes)),
    draftBadge(draft),
  );
}

function tagLink([tag, slug]) {
  // A tag made only of punctuation has no slug, hence no page: shown, not linked.
  return slug ? h('a', { rel: 'tag', href: `tags/${hrefOf(slug)}/` }, String(tag)) : h('span', {}, String(tag));
}

/** The tags of a post as [[tag, slug]] (paths.js taggedAs). */
function tagList(tagged) {
  if (!tagged.length) return null;
  return h('ul', { className: 'tags', 'aria-label': 'Tags' }, tagged.map((pair) => h('li', {}, tagLink(pair))));
}

function pageTitle(text, props = {}) {
  return h('h1', { className: 'page-title', ...props }, text);
}

/** The compact list of the tag and archive views: date, linked title, draft badge. */
function postIndex(posts) {
  return h(
    'ul',
    { className: 'post-index' },
    posts.map((post) =>
      h(
        'li',
        { 'data-path': post.path },
        dateElement(post.date),
        ' ',
        h('a', { href: hrefOf(post.permalink), 'data-shard': shardOf(post) }, titleOf(post)),
        post.draft ? ' ' : null,
        draftBadge(post.draft),
      ),
    ),
  );
}

async function loadEngine(load) {
  try {
    await load();
  } catch (err) {
    throw new Error(`Could not start the Markdown engine: ${err.message}`);
  }
}

/**
 * Fetches and parses a post or page file (of the site `index`): with the reader's module, or
 * the full one (and the site's post list) when the post needs the template engines.
 */
export async function parseFile(path, index) {
  const [source] = await Promise.all([loadSource(path), loadEngine(ready)]);
  if (needsEngines(source)) {
    await Promise.all([loadEngine(() => readyFor(source)), readyToParse(index)]);
  }
  return parsePost(source, parseOptionsFor(path, index.site));
}

function diagnosticsSection(diagnostics, { warnings }) {
  const shown = (diagnostics ?? []).filter((d) => d.severity === 'error' || (warnings && d.severity === 'warning'));
  if (shown.length === 0) return null;
  return h(
    'section',
    { className: 'diagnostics', 'aria-labelledby': 'diagnostics-title' },
    h('h2', { id: 'diagnostics-title' }, 'Problems in this post'),
    h(
      'ul',
      {},
      shown.map((d) => {
        const where = d.line ? ` (line ${d.line}${d.column ? `, column ${d.column}` : ''})` : '';
        return h('li', { className: `diagnostic is-${d.severity}` }, `${d.severity}: ${d.message}${where}`);
      }),
    ),
  );
}

/** A readable error in place of a post or page; the rest of the site keeps working. */
function errorArticle(entry, err, retry, kind) {
  const message = err instanceof Error ? err.message : String(err);
  console.warn(`Quire: could not show ${entry.path}: ${message}`);
  const button = h('button', { type: 'button', className: 'retry' }, 'Try again');
  button.addEventListener('click', () => retry?.());
  return h(
    'article',
    { className: `post ${kind === 'page' ? 'page' : 'h-entry'} is-error`, 'data-path': entry.path },
    h('header', { className: 'post-header' }, h('h1', { className: 'post-title p-name' }, titleOf(entry))),
    h('p', { className: 'status is-error', role: 'alert' }, `This ${kind} could not be shown. ${message}`, ' ', button),
  );
}

// ---- the views ------------------------------------------------------------------------------
// A view that could not show its post or page says so with `failed: true` (app.js then keeps
// the CLI's prerendered rendering of the same page, when there is one, instead of the error).

function summary(post) {
  const href = hrefOf(post.permalink);
  const title = titleOf(post);
  return h(
    'li',
    {},
    h(
      'article',
      // Its route shard (docs/site-contract.md): a kept home page tells the shell with it.
      { className: 'post-summary h-entry', 'data-path': post.path, 'data-shard': shardOf(post) },
      h('h2', { className: 'post-title p-name' }, h('a', { className: 'u-url', href }, title)),
      postMeta(post),
      tagList(taggedAs(post)),
      post.excerptHtml ? html('div', { className: 'excerpt p-summary' }, post.excerptHtml) : null,
      post.hasMore
        ? h(
            'p',
            { className: 'more' },
            h('a', { href, className: 'more-link' }, 'Continue reading', h('span', { className: 'visually-hidden' }, `: ${title}`)),
          )
        : null,
    ),
  );
}

export function homeView(route, { index, site, data }) {
  const list = { ...homePage(route.page, index.homePages), items: data };
  const siteTitle = typeof site.title === 'string' && site.title.trim() ? site.title : 'Quire';
  const heading =
    list.page === 1
      ? pageTitle(siteTitle, { className: 'page-title visually-hidden' })
      : pageTitle(`Posts, page ${list.page} of ${list.pages}`);
  const description = typeof site.description === 'string' && site.description.trim() ? site.description : null;
  const content = fragment(
    heading,
    list.page === 1 && description ? h('p', { className: 'site-description' }, description) : null,
    list.items.length
      ? h('ol', { className: 'post-list', 'aria-label': 'Posts' }, list.items.map(summary))
      : h('p', { className: 'status' }, 'No posts yet.'),
    list.pages > 1
      ? h(
          'nav',
          { className: 'pagination', 'aria-label': 'Pages' },
          list.newer ? h('a', { className: 'newer', rel: 'prev', href: hrefOf(list.newer) }, '← Newer posts') : null,
          h('span', { className: 'page-number' }, `Page ${list.page} of ${list.pages}`),
          list.older ? h('a', { className: 'older', rel: 'next', href: hrefOf(list.older) }, 'Older posts →') : null,
        )
      : null,
  );
  return {
    content,
    head: {
      title: list.page === 1 ? null : `Page ${list.page}`,
      description,
      path: list.page === 1 ? '/' : `/page/${list.page}/`,
      type: 'website',
    },
    paths: [],
  };
}

export async function postView(route, { index, retry }) {
  const entry = route.post;
  const { older, newer } = entry; // { permalink, title } or null, from the route shard
  const paths = [entry.path]; // the neighbours' titles come from the index
  const head = { title: titleOf(entry), description: describe(entry), path: entry.permalink, type: 'article' };
  let post;
  try {
    post = await parseFile(entry.path, index);
  } catch (err) {
    return { content: errorArticle(entry, err, retry, 'post'), head, paths, failed: true };
  }
  const title = titleOf({ title: post.title, slug: post.slug || entry.slug });
  head.title = title;
  head.description = describe(entry, post.excerptHtml);
  const permalinkHref = hrefOf(entry.permalink);
  const article = h(
    'article',
    { className: 'post h-entry', 'data-path': entry.path },
    h(
      'header',
      { className: 'post-header' },
      h('h1', { className: 'post-title p-name' }, title),
      postMeta({ date: post.date, readingMinutes: post.readingMinutes, draft: post.draft || entry.draft }),
      // The file's tags (maybe newer than the index's): the engine is loaded, ask the core.
      tagList(post.tags.map((tag) => [tag, tagSlug(tag)])),
    ),
    post.toc.length >= 3
      ? h(
          'nav',
          { className: 'toc', 'aria-labelledby': 'toc-title' },
          h('h2', { id: 'toc-title' }, 'Contents'),
          h(
            'ol',
            {},
            post.toc.map((item) =>
              h('li', { className: `toc-level-${item.level}` }, h('a', { href: `${permalinkHref}#${item.id}` }, item.text)),
            ),
          ),
        )
      : null,
    html('div', { className: 'post-body e-content' }, post.html),
    h(
      'footer',
      { className: 'post-footer' },
      older || newer
        ? h(
            'nav',
            { className: 'post-nav', 'aria-label': 'More posts' },
            older ? h('a', { className: 'prev', rel: 'prev', href: hrefOf(older.permalink), 'data-shard': shardOf(older) }, `← ${titleOf(older)}`) : null,
            newer ? h('a', { className: 'next', rel: 'next', href: hrefOf(newer.permalink), 'data-shard': shardOf(newer) }, `${titleOf(newer)} →`) : null,
          )
        : null,
      h('a', { className: 'edit-link', href: `edit/${permalinkHref}` }, 'Edit this post'),
    ),
  );
  const content = fragment(diagnosticsSection(post.diagnostics, { warnings: Boolean(index.live) }), article);
  return { content, head, paths };
}

export async function pageView(route, { index, retry }) {
  const entry = route.page;
  const head = { title: titleOf(entry), description: null, path: entry.permalink, type: 'website' };
  let post;
  try {
    post = await parseFile(entry.path, index);
  } catch (err) {
    return { content: errorArticle(entry, err, retry, 'page'), head, paths: [entry.path], failed: true };
  }
  const title = titleOf({ title: post.title, slug: post.slug || entry.slug });
  const fm = post.frontMatter ?? {};
  const description = [fm.description, fm.summary].find((d) => typeof d === 'string' && d.trim());
  head.title = title;
  head.description = describe({ description }, post.excerptHtml);
  const article = h(
    'article',
    { className: 'post page', 'data-path': entry.path },
    h('header', { className: 'post-header' }, h('h1', { className: 'post-title' }, title)),
    html('div', { className: 'post-body' }, post.html),
  );
  const content = fragment(diagnosticsSection(post.diagnostics, { warnings: Boolean(index.live) }), article);
  return { content, head, paths: [entry.path] };
}

export function tagsView(route, { data: tags }) {
  const content = fragment(
    pageTitle('Tags'),
    tags.length
      ? h(
          'ul',
          { className: 'tag-index' },
          tags.map((t) =>
            h(
              'li',
              {},
              h('a', { rel: 'tag', href: `tags/${hrefOf(t.slug)}/` }, String(t.tag)),
              ' ',
              h('span', { className: 'count' }, t.count === 1 ? '1 post' : `${t.count} posts`),
            ),
          ),
        )
      : h('p', { className: 'status' }, 'No tags yet.'),
  );
  return { content, head: { title: 'Tags', description: null, path: '/tags/', type: 'website' }, paths: [] };
}

export function tagView(route, { data: posts }) {
  const name = typeof route.tag?.tag === 'string' ? route.tag.tag : route.slug;
  const content = fragment(
    pageTitle(`Posts tagged “${name}”`),
    postIndex(posts),
    h('p', { className: 'all-tags' }, h('a', { href: 'tags/' }, 'All tags')),
  );
  return {
    content,
    head: { title: `Tagged “${name}”`, description: null, path: `/tags/${route.slug}/`, type: 'website' },
    paths: [],
  };
}

/** `/archive/`: every year's posts, newest year first, undated last (data: [{ year, posts }]). */
export function archiveView(route, { data: groups }) {
  const content = fragment(
    pageTitle('Archive'),
    groups.length
      ? groups.map(({ year, posts }) => {
          const id = year ? `year-${year}` : 'undated';
          return h(
            'section',
            { className: 'archive-year', 'aria-labelledby': id },
            h('h2', { id }, year ? h('a', { href: `archive/${hrefOf(year)}/` }, year) : 'Undated'),
            postIndex(posts),
          );
        })
      : h('p', { className: 'status' }, 'No posts yet.'),
  );
  return { content, head: { title: 'Archive', description: null, path: '/archive/', type: 'website' }, paths: [] };
}

/** `/archive/<year>/`: the posts of one year. */
export function yearView(route, { data: posts }) {
  const content = fragment(
    pageTitle(`Posts of ${route.year}`),
    postIndex(posts),
    h('p', { className: 'all-years' }, h('a', { href: 'archive/' }, 'All years')),
  );
  return {
    content,
    head: { title: `Posts of ${route.year}`, description: null, path: `/archive/${route.year}/`, type: 'website' },
    paths: [],
  };
}

export function notFoundView(route, { sitePath }) {
  const content = h(
    'article',
    { className: 'not-found' },
    h('h1', {}, 'Page not found'),
    h(
      'p',
      {},
      'Nothing lives at ',
      h('code', {}, sitePath),
      '. Try the ',
      h('a', { href: './' }, 'home page'),
      ' or the ',
      h('a', { href: 'archive/' }, 'archive'),
      '.',
    ),
  );
  return { content, head: { title: 'Page not found', description: null, path: null, type: 'website' }, paths: [] };
}

/** `/search/?q=`: its module is loaded only when this route is shown. */
async function searchView(route, ctx) {
  const search = await import('./search.js');
  return search.searchView(route, ctx);
}

const VIEWS = {
  home: homeView,
  post: postView,
  page: pageView,
  tags: tagsView,
  tag: tagView,
  archive: archiveView,
  year: yearView,
  search: searchView,
  notFound: notFoundView,
};

/** Renders any route but the editor's. */
export async function renderRoute(route, ctx) {
  return (VIEWS[route.view] ?? notFoundView)(route, ctx);
}
