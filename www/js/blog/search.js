// Search, as readers use it: the box in the site header (results as they type, in a listbox
// under it: a combobox with aria-activedescendant) and the /search/?q= page (the full list).
// Loaded only when the box gets focus or the search page is shown (app.js, views.js). What is
// found, and the words marked in snippets, come from the core (search-index.js); everything
// goes into the page as text through dom.js, never as HTML.
import { h } from './dom.js';
import { formatDate } from '../format.js';
import { tagSlug } from '../quire.js';
import { hrefOf } from './paths.js';
import { navigate } from './router.js';
import { findPosts, snippetOf } from './search-index.js';

const DEBOUNCE_MS = 100;
/** Results under the header box; the search page shows PAGE_SIZE more at a time. */
const BOX_LIMIT = 8;
const PAGE_SIZE = 20;

/** The search page's URL for `query` (relative to the site root, as links are). */
export function searchHref(query) {
  const url = new URL('search/', document.baseURI);
  if (query) url.searchParams.set('q', query);
  return url.href;
}

/** Opens a result through the shell's router; the post marks the query's words (app.js). */
function openResult(result, query) {
  navigate(hrefOf(result.permalink), { state: { quireSearch: query } });
}

function countText(found) {
  if (found.total === 0) return 'No posts found';
  const count = found.total === 1 ? '1 post found' : `${found.total} posts found`;
  return found.allWords ? count : `${count} with some of the words`;
}

/** The snippet's segments as text, the matched words in <mark>. */
function snippetParts(segments) {
  return segments.map((s) => (s.hit ? h('mark', {}, s.text) : s.text));
}

/** Fills `el` with the result's snippet once the post is fetched, unless `stale()` by then. */
function fillSnippet(el, result, query, stale) {
  snippetOf(result, query)
    .then((segments) => {
      if (stale()) return;
      el.replaceChildren(...snippetParts(segments));
      el.hidden = segments.length === 0;
    })
    .catch((err) => {
      el.hidden = true;
      console.warn(`Quire: no snippet for ${result.permalink}: ${err?.message ?? err}`);
    });
}

// ---- the box in the site header --------------------------------------------------------------

let boxes = 0;

/** Turns the header's search form into a combobox (once per form). */
export function attachSearchBox(form) {
  const input = form?.querySelector('input[name="q"]');
  if (!input || form.dataset.searchReady) return;
  form.dataset.searchReady = 'true';
  const id = `search-box-${++boxes}`;
  const list = h('ul', { id: `${id}-list`, role: 'listbox', className: 'search-options', 'aria-label': 'Posts found' });
  const status = h('p', { className: 'search-status', role: 'status' });
  const all = h('a', { className: 'search-all', href: searchHref('') }, 'All results');
  const popup = h('div', { className: 'search-popup', hidden: true }, status, list, h('p', { className: 'search-more' }, all));
  form.append(popup);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('autocomplete', 'off');

  let timer = 0;
  let seq = 0; // the newest query; older answers are dropped
  let shown = []; // results on screen
  let shownQuery = null; // the query they answer
  let active = -1;

  function setActive(i) {
    active = i;
    list.querySelectorAll('[role="option"]').forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
    const el = i >= 0 ? list.children[i] : null;
    if (el) {
      input.setAttribute('aria-activedescendant', el.id);
      el.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function setOpen(open) {
    popup.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) setActive(-1);
  }

  function option(result, i, query, stale) {
    const snippet = h('span', { className: 'search-snippet', hidden: true });
    const el = h(
      'li',
      { id: `${id}-option-${i}`, role: 'option', className: 'search-option', 'aria-selected': 'false' },
      h('span', { className: 'search-option-title' }, result.title),
      h(
        'span',
        { className: 'search-option-meta' },
        result.date ? h('time', { datetime: result.date }, formatDate(result.date)) : null,
        result.tags.length ? h('span', { className: 'search-option-tags' }, result.tags.join(', ')) : null,
      ),
      snippet,
    );
    el.addEventListener('click', () => choose(i));
    fillSnippet(snippet, result, query, stale);
    return el;
  }

  async function run(query) {
    const mine = ++seq;
    const stale = () => mine !== seq;
    if (!query.trim()) {
      shown = [];
      shownQuery = null;
      list.replaceChildren();
      setOpen(false);
      return;
    }
    let found;
    try {
      found = await findPosts(query, BOX_LIMIT);
    } catch (err) {
      if (stale()) return;
      shown = [];
      shownQuery = null;
      list.replaceChildren();
      status.textContent = `Search is not available: ${err?.message ?? err}`;
      all.parentElement.hidden = true;
      setOpen(document.activeElement === input);
      return;
    }
    if (stale()) return;
    shown = found.results;
    shownQuery = query;
    setActive(-1);
    list.replaceChildren(...shown.map((r, i) => option(r, i, query, stale)));
    status.textContent = countText(found);
    all.href = searchHref(query);
    all.textContent = `All ${found.total} results`;
    all.parentElement.hidden = found.total <= shown.length;
    setOpen(document.activeElement === input);
  }

  function choose(i) {
    const result = shown[i];
    if (!result) return;
    const query = shownQuery;
    setOpen(false);
    input.blur();
    openResult(result, query);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  input.addEventListener('focus', () => {
    if (shownQuery !== null && shownQuery === input.value) setOpen(true);
    else if (input.value.trim()) run(input.value);
  });
  input.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const n = shown.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (popup.hidden) {
        if (input.value.trim()) run(input.value);
        return;
      }
      if (n === 0) return;
      const down = event.key === 'ArrowDown';
      setActive(down ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
    } else if (event.key === 'Enter') {
      // The results on screen answer what is typed: open the chosen one (or the first).
      // Otherwise the form goes to the search page (app.js).
      if (!popup.hidden && n > 0 && shownQuery === input.value) {
        event.preventDefault();
        choose(active >= 0 ? active : 0);
      }
    } else if (event.key === 'Escape') {
      event.preventDefault(); // a search field would also clear itself
      if (!popup.hidden) setOpen(false);
      else input.blur();
    }
  });
  // A click in the list must not take the focus from the box before it counts.
  popup.addEventListener('mousedown', (event) => event.preventDefault());
  all.addEventListener('click', () => setOpen(false));
  form.addEventListener('focusout', (event) => {
    if (!form.contains(event.relatedTarget)) setOpen(false);
  });
  // Typed before this module was there: answer it now.
  if (document.activeElement === input && input.value.trim()) run(input.value);
}

// ---- the search page (/search/?q=) --------------------------------------------------------------

function tagItems(tags) {
  return tags.map((tag) => {
    const slug = tagSlug(tag);
    return h('li', {}, slug ? h('a', { rel: 'tag', href: `tags/${hrefOf(slug)}/` }, tag) : h('span', {}, tag));
  });
}

function resultItem(result, query, stale) {
  const snippet = h('p', { className: 'search-snippet', hidden: true });
  const item = h(
    'li',
    {},
    h(
      'article',
      { className: 'search-result' },
      h('h2', { className: 'post-title' }, h('a', { className: 'result-link', href: hrefOf(result.permalink) }, result.title)),
      result.date ? h('p', { className: 'post-meta' }, h('time', { datetime: result.date }, formatDate(result.date))) : null,
      result.tags.length ? h('ul', { className: 'tags', 'aria-label': 'Tags' }, tagItems(result.tags)) : null,
      snippet,
    ),
  );
  fillSnippet(snippet, result, query, stale);
  return item;
}

/** The view of `/search/?q=`: the form and the results, PAGE_SIZE at a time. */
export async function searchView(route, { url }) {
  const initial = new URL(url ?? location.href).searchParams.get('q') ?? '';
  const input = h('input', { type: 'search', name: 'q', id: 'search-page-q', value: initial, autocomplete: 'off', spellcheck: 'false' });
  const form = h(
    'form',
    { className: 'search-page-form', role: 'search', action: 'search/', method: 'get' },
    h('label', { for: 'search-page-q' }, 'Search the posts'),
    h('span', { className: 'search-page-row' }, input, h('button', { type: 'submit' }, 'Search')),
  );
  const status = h('p', { className: 'status search-summary', role: 'status' });
  const list = h('ol', { className: 'search-results', 'aria-label': 'Posts found' });
  const more = h('button', { type: 'button', className: 'more-results', hidden: true }, 'More results');

  let seq = 0;
  let query = initial;
  let shown = 0;

  async function run(limit, { append = false } = {}) {
    const mine = ++seq;
    const stale = () => mine !== seq;
    if (!query.trim()) {
      list.replaceChildren();
      more.hidden = true;
      shown = 0;
      status.textContent = 'Type a word to search the posts.';
      return;
    }
    let found;
    try {
      found = await findPosts(query, limit);
    } catch (err) {
      if (stale()) return;
      list.replaceChildren();
      more.hidden = true;
      shown = 0;
      status.textContent = `Search is not available: ${err?.message ?? err}`;
      status.className = 'status search-summary is-error';
      return;
    }
    if (stale()) return;
    status.className = 'status search-summary';
    status.textContent = countText(found);
    const items = found.results.slice(append ? shown : 0).map((r) => resultItem(r, query, stale));
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    shown = found.results.length;
    more.hidden = shown >= found.total;
    if (append) items[0]?.querySelector('a')?.focus();
  }

  function update(value) {
    query = value;
    const here = new URL(location.href);
    if ((here.searchParams.get('q') ?? '') !== value) {
      if (value) here.searchParams.set('q', value);
      else here.searchParams.delete('q');
      history.replaceState(history.state, '', here);
    }
    return run(PAGE_SIZE);
  }

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => update(input.value), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault(); // the results are on this page already
    clearTimeout(timer);
    update(input.value);
  });
  more.addEventListener('click', () => run(shown + PAGE_SIZE, { append: true }));
  list.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a.result-link') : null;
    if (!link) return;
    event.preventDefault();
    navigate(link.href, { state: { quireSearch: query } });
  });

  await run(PAGE_SIZE);
  const content = h('section', { className: 'search-page' }, h('h1', { className: 'page-title' }, 'Search'), form, status, list, more);
  return {
    content,
    head: { title: initial ? `Search: ${initial}` : 'Search', description: null, path: '/search/', type: 'website' },
    paths: [],
  };
}
