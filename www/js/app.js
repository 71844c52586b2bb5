// The blog shell: boots on any page of the site (index.html, a prerendered post, 404.html),
// reads posts/index.json (and the part of the index a route shows), renders the route of the address bar into <main id="content"> and
// keeps doing so as the reader follows links (History API) or the author edits (live reload).
// Routes, the index and the markup: docs/site-contract.md. Views: js/blog/views.js.
import { SITE_ROOT, isListedPost, knowShard, loadIndex, loadPostList, loadSource, forgetSources, prefetchPart, resolveRoute } from './blog/site.js';
import { matchRoute, sitePathOf, hrefOf, routeKey, viewSignature } from './blog/paths.js';
import { renderRoute, localizeDates } from './blog/views.js';
import { setHead } from './blog/meta.js';
import { enhance } from './blog/enhance.js';
import { startRouter, scrollToFragment, navigate } from './blog/router.js';
import { watchLive } from './blog/live.js';
import { h } from './blog/dom.js';
import { ready } from './quire.js';
import { hasDateFormat, prepareDateFormat } from './format.js';

const main = document.getElementById('content');

const state = {
  index: null,
  sitePath: null, // of the view on screen
  search: '', // its URL's query string (the search page's ?q=)
  route: null,
  paths: [], // files the view on screen shows
  sources: new Map(), // their text when it was rendered
  signature: '', // its part of the index (paths.js viewSignature)
  editor: null, // { destroy() } while the editor is mounted
  token: 0, // the newest render; older ones give way
};

function showBootError(err) {
  const message = err instanceof Error ? err.message : String(err);
  if (main.dataset.prerendered) {
    // The CLI's rendering of this page is already there: better than an error.
    main.removeAttribute('aria-busy');
    console.warn(`Quire: ${message}; showing the prerendered page`);
    return;
  }
  const button = h('button', { type: 'button', className: 'retry' }, 'Try again');
  button.addEventListener('click', () => {
    button.disabled = true;
    boot();
  });
  main.replaceChildren(h('p', { className: 'status is-error', role: 'alert' }, message, ' ', button));
  main.removeAttribute('aria-busy');
  console.warn(`Quire: ${message}`);
}

/** The site header: the site's title and its links (archive, tags, standalone pages). */
function fillSiteHeader(index) {
  const title = document.querySelector('.site-title');
  if (title && typeof index.site.title === 'string' && index.site.title.trim()) title.textContent = index.site.title;
  const nav = document.getElementById('site-nav');
  if (!nav) return;
  const links = [
    ['/archive/', 'Archive'],
    ['/tags/', 'Tags'],
    ...index.pages
      .filter((p) => typeof p.permalink === 'string')
      .map((p) => [p.permalink, typeof p.title === 'string' && p.title.trim() ? p.title : p.permalink]),
  ];
  nav.replaceChildren(...links.map(([path, text]) => h('li', {}, h('a', { href: hrefOf(path), 'data-route': routeKey(path) }, text))));
  markCurrentLink();
}

function markCurrentLink() {
  const key = state.sitePath === null ? null : routeKey(state.sitePath);
  for (const link of document.querySelectorAll('#site-nav a')) {
    if (link.dataset.route === key) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function leaveEditor() {
  if (!state.editor) return;
  try {
    state.editor.destroy();
  } catch (err) {
    console.warn(`Quire: the editor did not close cleanly: ${err?.message ?? err}`);
  }
  state.editor = null;
  document.body.classList.remove('editor-page');
  main.classList.remove('editor-root');
}

async function showEditor(route, token) {
  leaveEditor();
  main.removeAttribute('aria-busy');
  forgetPrerendered();
  document.body.classList.add('editor-page');
  main.classList.add('editor-root');
  setHead({ title: route.permalink ? 'Edit' : 'New post', description: null, path: null }, state.index.site);
  try {
    const { mountEditor } = await import('./editor/main.js');
    if (token !== state.token) return;
    main.replaceChildren();
    // The editor finds the post by its permalink and renders Liquid with the whole post list.
    const posts = await loadPostList();
    if (token !== state.token) return;
    const index = { ...state.index, posts };
    state.editor = await mountEditor(main, { permalink: route.permalink, site: state.index.site, index });
    if (token !== state.token) leaveEditor();
    else main.dataset.ready = String(token);
  } catch (err) {
    main.replaceChildren(
      h('p', { className: 'status is-error', role: 'alert' }, `The editor could not start: ${err?.message ?? err}`),
    );
  }
}

/** <main> holds the shell's own view from now on, no longer the CLI's page. */
function forgetPrerendered() {
  main.removeAttribute('data-prerendered');
  main.removeAttribute('data-route-shard');
  main.removeAttribute('data-final');
}

/**
 * Whether <main> holds a final page of `quire build` (docs/site-contract.md) for `sitePath`:
 * the CLI's rendering of that post, page or home page, which the shell keeps as it is.
 */
function isFinalPage(sitePath) {
  const prerendered = main.dataset.prerendered;
  return main.dataset.final !== undefined && prerendered !== undefined && routeKey(prerendered) === routeKey(sitePath);
}

/**
 * Keeps the CLI's page in <main> as the view of `route` (a final page, or the same post when
 * the engine failed): its dates in the reader's locale, its code and math enhanced.
 */
async function keepPrerendered({ route, url, scroll, token, paths }) {
  main.removeAttribute('aria-busy');
  state.paths = paths;
  state.signature = '';
  state.sources = new Map();
  localizeDates(main);
  if (scroll !== 'keep') applyScroll(scroll, url.hash);
  await enhance(main);
  await markSearchedWords(route, token);
  if (token !== state.token) return;
  if (typeof scroll === 'number') window.scrollTo(0, scroll);
  else if (scroll === 'hash') scrollToFragment(url.hash);
  main.dataset.ready = String(token);
}

function applyScroll(scroll, hash) {
  if (scroll === 'keep') return;
  if (typeof scroll === 'number') window.scrollTo(0, scroll);
  else if (scroll === 'hash' && scrollToFragment(hash)) return;
  else window.scrollTo(0, 0);
}

/**
 * Renders the route of `url`. scroll: 'top' (a new view), 'hash' (its fragment, else top),
 * 'keep' (re-render in place) or a saved y (back/forward). focus: move focus to the new view.
 */
async function show(url, { scroll = 'top', focus = false, force = false } = {}) {
  const token = ++state.token;
  const sitePath = sitePathOf(url, SITE_ROOT) ?? '/';
  const route = matchRoute(sitePath, state.index);

  // Back/forward between fragments of the page on screen: no render, only scroll.
  const samePage = routeKey(sitePath) === routeKey(state.sitePath ?? '') && url.search === state.search;
  if (!force && state.route && samePage && route.view !== 'edit') {
    if (typeof scroll === 'number' || scroll === 'hash') {
      applyScroll(scroll, url.hash);
      return;
    }
  }

  state.sitePath = sitePath;
  state.search = url.search;
  state.route = route;
  delete main.dataset.ready; // set again once the new view is in place and enhanced
  markCurrentLink();
  if (route.view === 'edit') {
    state.paths = [];
    await showEditor(route, token);
    return;
  }

  if (isFinalPage(sitePath) && !state.index.live) {
    // `quire build`'s page of this post, page or home page: nothing to fetch or parse.
    leaveEditor();
    const files = route.view === 'post' || route.view === 'page' ? main.querySelectorAll('article[data-path]') : [];
    await keepPrerendered({ route, url, scroll, token, paths: [...files].map((article) => article.dataset.path) });
    return;
  }

  main.setAttribute('aria-busy', 'true');
  // Rendered before the reader's date format is made, the view's dates are as written.
  const writtenDates = !hasDateFormat();
  const retry = () => show(new URL(location.href), { scroll: 'keep', force: true });
  let view;
  let data = null;
  try {
    const resolved = await resolveRoute(route, state.index);
    data = resolved.data;
    if (token === state.token) state.route = resolved.route;
    view = await renderRoute(resolved.route, { index: state.index, site: state.index.site, data, sitePath, url, retry });
  } catch (err) {
    // A bug in a view: say so in the page rather than leave the old view up.
    view = {
      content: h('p', { className: 'status is-error', role: 'alert' }, `This page could not be shown: ${err?.message ?? err}`),
      head: { title: 'Error', path: null },
      paths: [],
      failed: true,
    };
    console.warn(err);
  }
  // The text each file had, to tell a real edit from a touch under live reload (cached: no fetch).
  const sources = new Map();
  for (const path of view.paths) sources.set(path, await loadSource(path).catch(() => null));
  if (token !== state.token) return; // the reader already went elsewhere

  leaveEditor();
  // The engine failed on a page the CLI prerendered: its rendering is the same post, keep it.
  const prerendered = main.dataset.prerendered;
  if (view.failed && prerendered && routeKey(prerendered) === routeKey(sitePath)) {
    await keepPrerendered({ route, url, scroll, token, paths: view.paths });
    return;
  }
  const keepY = window.scrollY;
  main.replaceChildren(view.content);
  forgetPrerendered();
  main.removeAttribute('aria-busy');
  state.paths = view.paths;
  state.signature = viewSignature(state.route, data, state.index);
  state.sources = sources;
  setHead(view.head, state.index.site);
  if (scroll === 'keep') window.scrollTo(0, keepY);
  else applyScroll(scroll, url.hash);
  if (focus) main.focus({ preventScroll: true });

  await enhance(main);
  await markSearchedWords(route, token);
  // Typeset math and highlighted code can change heights: hold the position the view asked for.
  if (token !== state.token) return;
  if (scroll === 'keep') window.scrollTo(0, keepY);
  else if (typeof scroll === 'number') window.scrollTo(0, scroll);
  else if (scroll === 'hash') scrollToFragment(url.hash);
  if (writtenDates) {
    await localizeDatesAfterPaint();
    if (token !== state.token) return;
  }
  main.dataset.ready = String(token);
}

/**
 * The first view the shell renders itself shows its dates as the files write them
 * (`2024-01-15`): the reader's date format costs 30-45 ms to make on a cold load (Chromium
 * loads the locale's data), which would delay the first post. It is made once that view is
 * painted, and the view's dates then take it; views after it show them so at once.
 */
async function localizeDatesAfterPaint() {
  // After the next frame; a hidden tab, which paints none, goes on after 100 ms. A view
  // rendered while an earlier one waited here finds the format made: no wait then.
  if (!hasDateFormat()) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 100);
      requestAnimationFrame(() => setTimeout(() => resolve(clearTimeout(timer)), 0));
    });
  }
  prepareDateFormat();
  localizeDates(main);
}

/**
 * A post or page opened from search results (history state `quireSearch`, kept on reload and
 * back/forward): its words found are marked. Only then is search-marks.js loaded.
 */
async function markSearchedWords(route, token) {
  const query = history.state?.quireSearch;
  if (typeof query !== 'string' || !query.trim() || (route.view !== 'post' && route.view !== 'page')) return;
  try {
    const { markMatches } = await import('./blog/search-marks.js');
    if (token === state.token) await markMatches(main.querySelector('.post-body'), query);
  } catch (err) {
    console.warn(`Quire: could not mark the words searched for: ${err?.message ?? err}`);
  }
}

let searchUi; // js/blog/search.js, once the search box is used

/** The site header's search box: its code is loaded when it first gets focus. */
function prepareSearchBox() {
  const form = document.querySelector('.site-header form[role="search"]');
  const input = form?.querySelector('input[name="q"]');
  if (!input) return; // a theme's header without one
  input.addEventListener('focus', () => {
    searchUi ??= import('./blog/search.js');
    searchUi
      .then((search) => search.attachSearchBox(form))
      .catch((err) => {
        searchUi = undefined;
        console.warn(`Quire: search could not start: ${err?.message ?? err}`);
      });
  });
}

/** `/` puts the focus in the search box, unless the reader is typing somewhere. */
function onSlashKey(event) {
  if (event.key !== '/' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])')) return;
  const input = document.querySelector('.site-header form[role="search"] input[name="q"]');
  if (!input || input.getClientRects().length === 0) return; // none, or hidden (the editor)
  event.preventDefault();
  input.focus();
  input.select();
}

/** A search form sent (Enter with no result chosen, or the search page's button): the search page. */
function onSearchSubmit(event) {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.getAttribute('role') !== 'search') return;
  const url = new URL(form.action, document.baseURI);
  url.search = '';
  const query = new FormData(form).get('q');
  if (typeof query === 'string' && query) url.searchParams.set('q', query);
  if (!accepts(url)) return; // not the shell's yet (no index): the browser sends it
  event.preventDefault();
  navigate(url);
}

/**
 * After a rebuild under `quire serve`: a new index; the view on screen is rendered again (in
 * place, same scroll position) only if what it shows changed: its part of the index or, for a
 * post or page, its file. A touched file with the same text changes nothing.
 */
async function onLiveChange(paths) {
  forgetSources(paths.length ? paths : null);
  let index;
  try {
    index = await loadIndex({ fresh: true });
  } catch (err) {
    console.warn(`Quire: could not reload the index: ${err.message}`);
    return;
  }
  state.index = index;
  document.dispatchEvent(new CustomEvent('quire:site-changed')); // search-index.js starts over
  fillSiteHeader(index);
  watchLive(index.live, onLiveChange);
  if (!state.route || state.route.view === 'edit') return;
  let changed = true;
  try {
    const { route, data } = await resolveRoute(matchRoute(state.sitePath, index), index);
    changed = viewSignature(route, data, index) !== state.signature;
  } catch (err) {
    console.warn(`Quire: could not reload this page's part of the index: ${err.message}`);
  }
  for (const path of changed ? [] : state.paths) {
    if (paths.length && !paths.includes(path)) continue;
    const text = await loadSource(path).catch(() => null);
    if (text !== state.sources.get(path)) changed = true;
  }
  if (changed) await show(new URL(location.href), { scroll: 'keep', force: true });
}

/**
 * Links the shell renders itself: its routes; files (feed.xml, images, edit.html) are not. A
 * path with a dot in its last segment is a post's only when a list shown so far named it
 * (`/2024/hello.html`); else the browser loads it, and on a post's prerendered file the shell
 * starts again.
 */
function accepts(url) {
  const sitePath = sitePathOf(url, SITE_ROOT);
  if (sitePath === null || !state.index) return false;
  const route = matchRoute(sitePath, state.index);
  if (route.view !== 'post') return true;
  const last = sitePath.split('/').pop();
  return !last.includes('.') || isListedPost(route.key);
}

let routing = false;

/**
 * The route shard a link of a kept page names (docs/site-contract.md: a post's older and newer
 * links, a list's items, a home summary's links to its post), learnt as the reader reaches for
 * that link rather than for every link when the page is kept (a tag page can list thousands):
 * following it then fetches its shard at once, and a dotted permalink is a route (accepts).
 */
function onLinkReach(event) {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  const marked = link?.closest('a[data-shard], article.post-summary[data-shard]');
  if (!marked || !main.contains(marked)) return;
  if (marked !== link && !link.matches('a.u-url, a.more-link')) return; // a summary's tag links
  const sitePath = sitePathOf(new URL(link.href, document.baseURI), SITE_ROOT);
  if (sitePath !== null) knowShard(sitePath, Number(marked.dataset.shard));
}

/**
 * A link to a post or page the reader points at, touches or focuses: the reader's module
 * starts downloading, so that following it does not wait for it all (a final page loaded
 * none). Other routes show the index only.
 */
function onLinkIntent(event) {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || !state.index) return;
  const url = new URL(link.href, document.baseURI);
  const sitePath = sitePathOf(url, SITE_ROOT);
  if (sitePath === null || !accepts(url)) return;
  const { view } = matchRoute(sitePath, state.index);
  if (view !== 'post' && view !== 'page') return;
  ready().catch(() => {}); // a failure is shown by the view that needs it
  for (const type of INTENTS) document.removeEventListener(type, onLinkIntent);
}

const INTENTS = ['pointerover', 'touchstart', 'focusin'];

/** Lists (home, tags, archive) show the index only; every other route parses a file. */
const LIST_ROUTE = /^\/(?:page\/\d+\/?|tags\/.*|archive(?:\/[^/]+)?\/?)?$/;
/** The search page (`/search/?q=`): search.js and the search module, no post of its own. */
const SEARCH_ROUTE = /^\/search\/?$/;

async function boot() {
  main.setAttribute('aria-busy', 'true');
  // A post, page or the editor needs the engine and (if prerendered) names its file: start
  // both downloads now, alongside the index, instead of one after the other.
  const path = sitePathOf(location.href, SITE_ROOT);
  if (path !== null && SEARCH_ROUTE.test(path)) {
    // The search page renders no post itself: its query needs the search module alone (the
    // snippets of its results load the reader's module when they parse those posts).
    if (new URL(location.href).searchParams.get('q')?.trim()) ready('search').catch(() => {}); // shown by the search view
  } else if (path !== null && !LIST_ROUTE.test(path) && !isFinalPage(path)) {
    // A final page (`quire build`'s post or page) is kept as it is: it needs neither.
    // A prerendered post that needs the template engines says so (the CLI asked the core): the
    // full module then, and not the reader's as well.
    ready(main.dataset.engine === 'full' ? 'full' : undefined).catch(() => {}); // a failure is shown by the view that needs the engine
    const file = main.querySelector('article[data-path]')?.dataset.path;
    if (file) loadSource(file).catch(() => {});
    const shard = main.dataset.routeShard;
    if (main.dataset.prerendered && shard) {
      knowShard(main.dataset.prerendered, Number(shard));
      prefetchPart(`route-${Number(shard)}.json`);
    }
  }
  // A prerendered page shows its dates already: the shell's views of it (over it under
  // `quire serve`) show them in the reader's locale at once, never as written. Elsewhere the
  // format is made after the first view is painted (localizeDatesAfterPaint).
  if (main.dataset.prerendered !== undefined) prepareDateFormat();
  // The home's page of posts, beside the index rather than after it (the CLI prerendered this
  // page, so its part exists).
  const home = main.dataset.prerendered === undefined ? null : /^\/(?:page\/([1-9]\d{0,8})\/)?$/.exec(main.dataset.prerendered);
  if (home && routeKey(main.dataset.prerendered) === routeKey(path ?? '') && !isFinalPage(path)) prefetchPart(`home-${home[1] ?? 1}.json`);
  try {
    state.index = await loadIndex();
  } catch (err) {
    showBootError(err);
    return;
  }
  fillSiteHeader(state.index);
  if (!routing) startRouter({ accepts, show });
  routing = true;
  watchLive(state.index.live, onLiveChange);
  const url = new URL(location.href);
  // Over a prerendered page the content is already in place: keep the reader where they are.
  const saved = history.state?.quireScrollY;
  await show(url, { scroll: typeof saved === 'number' ? saved : url.hash ? 'hash' : 'keep', force: true });
}

main.tabIndex = -1;
prepareSearchBox();
// Capturing: before the router's click handler and onLinkIntent ask whether the link is a route.
for (const type of ['click', ...INTENTS]) document.addEventListener(type, onLinkReach, { capture: true, passive: true });
for (const type of INTENTS) document.addEventListener(type, onLinkIntent, { passive: true });
document.addEventListener('keydown', onSlashKey);
document.addEventListener('submit', onSearchSubmit);
boot();
