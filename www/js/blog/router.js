// History API routing over real links: a click on an <a href> to a site route is handled in
// the page (pushState + render); back/forward re-render through popstate; each history entry
// remembers its scroll position. Everything else (other origins, files such as feed.xml,
// modified clicks, target/download links) is left to the browser.
//
//   startRouter({ accepts(url), show(url, { scroll, focus }) })
//
// accepts(url): whether a same-origin URL is a route the shell renders.
// show(url, { scroll, focus }): render the route; scroll is 'top', 'hash' or a saved y.
//
//   navigate(url, { state })   follows a link from script (search results) as a click would

const SAVE_SCROLL_MS = 120;

function scrollState() {
  return { ...(history.state ?? {}), quireScrollY: Math.round(window.scrollY) };
}

function saveScroll() {
  history.replaceState(scrollState(), '');
}

/** The element a fragment names (`#id`, percent-encoded or not), if any. */
export function fragmentTarget(hash) {
  if (!hash || hash === '#') return null;
  const raw = hash.slice(1);
  let id = raw;
  try {
    id = decodeURIComponent(raw);
  } catch {
    // keep it raw
  }
  return document.getElementById(id) ?? document.getElementById(raw);
}

/** Scrolls to a fragment's element (true), or does nothing (false). */
export function scrollToFragment(hash) {
  const target = fragmentTarget(hash);
  if (!target) return false;
  target.scrollIntoView();
  // As the browser does for in-page links: the skip link puts focus in <main tabindex="-1">.
  if (target.hasAttribute('tabindex')) target.focus({ preventScroll: true });
  return true;
}

let started = null; // { accepts, show } once the router runs

/**
 * Opens `url` as a click on a link to it would: in the page when the shell renders it (one
 * history entry, carrying `state`, e.g. the search query to highlight), else by loading it.
 */
export function navigate(url, { state = {} } = {}) {
  const target = new URL(url, document.baseURI);
  if (!started || target.origin !== location.origin || !started.accepts(target)) {
    location.assign(target.href);
    return;
  }
  saveScroll();
  history.pushState(state, '', target);
  started.show(target, { scroll: target.hash ? 'hash' : 'top', focus: true });
}

export function startRouter({ accepts, show }) {
  started = { accepts, show };
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  let timer = 0;
  window.addEventListener(
    'scroll',
    () => {
      clearTimeout(timer);
      timer = setTimeout(saveScroll, SAVE_SCROLL_MS);
    },
    { passive: true },
  );
  window.addEventListener('pagehide', saveScroll);

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || link.hasAttribute('download')) return;
    if (link.target && link.target !== '_self') return;
    const raw = link.getAttribute('href') ?? '';

    // `#id` inside a post: with <base> at the site root the browser would resolve it to the
    // home page; it means this page's element.
    if (raw.startsWith('#')) {
      event.preventDefault();
      const url = new URL(location.href);
      url.hash = raw;
      saveScroll();
      history.pushState({}, '', url);
      if (!scrollToFragment(raw)) window.scrollTo(0, 0);
      return;
    }

    let url;
    try {
      url = new URL(link.href);
    } catch {
      return;
    }
    if (url.origin !== location.origin || !accepts(url)) return;
    event.preventDefault();

    const here = new URL(location.href);
    if (url.pathname === here.pathname && url.search === here.search && url.hash) {
      // Same page, another fragment (the table of contents): scroll, one history entry.
      saveScroll();
      history.pushState({}, '', url);
      scrollToFragment(url.hash);
      return;
    }
    saveScroll();
    history.pushState({}, '', url);
    show(url, { scroll: url.hash ? 'hash' : 'top', focus: true });
  });

  window.addEventListener('popstate', (event) => {
    const url = new URL(location.href);
    const y = event.state?.quireScrollY;
    show(url, { scroll: typeof y === 'number' ? y : url.hash ? 'hash' : 'top', focus: false });
  });

}
