// A tiny DOM builder. Every string becomes a text node or a property/attribute set through
// the DOM API: front matter never reaches the page as markup. `html(...)` is the one way in for
// HTML, and views use it only for the core's sanitized `html` / `excerptHtml` (the editor's
// preview for the renderer's sanitized blocks, parsed in a `<template>`). The blog and the
// editor share this builder.

/** h('a', { className: 'x', href: 'y' }, 'text', child, [more, children]) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className' || name === 'textContent' || name === 'hidden' || name === 'tabIndex') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child); // strings become text nodes
  }
}

/** An element whose content is HTML produced (and sanitized) by the Quire core. */
export function html(tag, props, trustedHtml) {
  const el = h(tag, props);
  el.innerHTML = trustedHtml ?? '';
  return el;
}

/** A fragment of nodes. */
export function fragment(...children) {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}
