// Live reload under `quire serve`: index.live names a Server-Sent Events stream that sends
// `event: change` with `data: {"paths": [...]}` (site-root-relative files, [] if unknown) after
// each rebuild. docs/site-contract.md.
import { SITE_ROOT } from './site.js';

/**
 * The EventSource URL for `live`. The contract calls it a site path (`/_quire/events`); a value
 * that already starts with the page's base path (`/blog/_quire/events`, as `quire serve`
 * writes it under a base path) is taken as it is.
 */
export function liveUrl(live, root = SITE_ROOT) {
  const rootUrl = new URL(root);
  if (live.startsWith(rootUrl.pathname) && rootUrl.pathname !== '/') return new URL(live, rootUrl.origin).href;
  return new URL(live.replace(/^\/+/, ''), rootUrl).href;
}

/** The changed paths of an event's data, or [] (= unknown: assume anything changed). */
export function changedPaths(data) {
  try {
    const parsed = JSON.parse(data);
    return Array.isArray(parsed?.paths) ? parsed.paths.filter((p) => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

let source = null;
let sourceUrl = null;

/**
 * Listens to `live` (or stops listening when it is null); `onChange(paths)` runs after each
 * rebuild. Calling it again with the same URL keeps the one connection.
 */
export function watchLive(live, onChange) {
  const url = typeof live === 'string' && live ? liveUrl(live) : null;
  if (url === sourceUrl) return;
  source?.close();
  source = null;
  sourceUrl = url;
  if (!url || typeof EventSource === 'undefined') return;
  source = new EventSource(url);
  source.addEventListener('change', (event) => onChange(changedPaths(event.data)));
}
