// The <head> of each view: document.title, meta description, canonical link and Open Graph
// tags, the same set the CLI writes into prerendered pages (docs/site-contract.md). Values go
// in as attributes through the DOM API.
import { absoluteUrl, truncateText } from './paths.js';
import { SITE_ROOT } from './site.js';

function headElement(selector, create) {
  let el = document.head.querySelector(selector);
  if (!el) {
    el = create();
    document.head.append(el);
  }
  return el;
}

function setMeta(attr, key, content) {
  const selector = `meta[${attr}="${key}"]`;
  if (content === null || content === undefined || content === '') {
    document.head.querySelectorAll(selector).forEach((el) => el.remove());
    return;
  }
  headElement(selector, () => {
    const el = document.createElement('meta');
    el.setAttribute(attr, key);
    return el;
  }).setAttribute('content', content);
}

/** The text of sanitized HTML (an excerpt), without running or loading anything. */
export function textOfHtml(trustedHtml) {
  if (!trustedHtml) return '';
  const doc = new DOMParser().parseFromString(`<body>${trustedHtml}</body>`, 'text/html');
  return doc.body.textContent ?? '';
}

/** A description for a post: its front matter description, else its excerpt as text. */
export function describe(entry, excerptHtml = entry?.excerptHtml) {
  const description = typeof entry?.description === 'string' ? entry.description.trim() : '';
  return description || truncateText(textOfHtml(excerptHtml)) || null;
}

/**
 * head: { title (of the view; null for the home page), description, path (site path),
 * type ('article' or 'website') }; site: index.site.
 */
export function setHead(head, site) {
  const siteTitle = typeof site?.title === 'string' && site.title.trim() ? site.title : 'Quire';
  const title = head.title ? `${head.title} · ${siteTitle}` : siteTitle;
  document.title = title;
  setMeta('name', 'description', head.description);
  setMeta('property', 'og:description', head.description);
  setMeta('property', 'og:title', head.title || siteTitle); // as the CLI writes it: no site suffix
  setMeta('property', 'og:type', head.type ?? 'website');
  if (head.path) {
    const url = absoluteUrl(head.path, site, SITE_ROOT);
    headElement('link[rel="canonical"]', () => {
      const link = document.createElement('link');
      link.rel = 'canonical';
      return link;
    }).setAttribute('href', url);
    setMeta('property', 'og:url', url);
  } else {
    document.head.querySelectorAll('link[rel="canonical"]').forEach((el) => el.remove());
    setMeta('property', 'og:url', null);
  }
}
