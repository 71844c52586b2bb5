// Code highlighting (highlight.js) and math (KaTeX), loaded only when a view has code blocks
// or math, from vendor/ (copied from node_modules by `make vendor`, scripts/vendor.mjs).
//
// The core writes ```rust fences as <pre><code class="language-rust"> and $x$ / $$x$$ as
// <span class="math math-inline|math-display">TeX</span> (text, escaped). Both libraries
// build their markup from that text: highlight.js escapes it, KaTeX runs with trust: false.
import { SITE_ROOT } from './site.js';

const VENDOR = new URL('vendor/', SITE_ROOT);

let highlighter;
let katexModule;
const languages = new Map(); // file name -> Promise<boolean>

function addStylesheet(href, media) {
  const url = new URL(href, VENDOR).href;
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === url)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = url;
  if (media) link.media = media;
  document.head.append(link);
}

function loadHighlighter() {
  highlighter ??= Promise.all([
    import(new URL('highlight/core.js', VENDOR).href),
    import(new URL('highlight/aliases.js', VENDOR).href),
  ]).then(([core, aliases]) => {
    addStylesheet('highlight/github.min.css', 'print, (prefers-color-scheme: light)');
    addStylesheet('highlight/github-dark.min.css', 'screen and (prefers-color-scheme: dark)');
    const hljs = core.default;
    hljs.configure({ ignoreUnescapedHTML: true });
    return { hljs, aliases: aliases.default };
  });
  highlighter.catch(() => {
    highlighter = undefined;
  });
  return highlighter;
}

/** The language a code block names (`language-xyz`), lowercased, or null. */
function languageOf(code) {
  for (const name of code.classList) {
    if (name.startsWith('language-')) return name.slice('language-'.length).toLowerCase();
  }
  return null;
}

/** Registers the language file for `name` (an alias or a name) once; false if there is none. */
function loadLanguage(hljs, aliases, name) {
  const file = Object.hasOwn(aliases, name) ? aliases[name] : null;
  if (!file || !/^[a-z0-9-]+$/.test(file)) return Promise.resolve(false);
  let promise = languages.get(file);
  if (!promise) {
    promise = import(new URL(`highlight/languages/${file}.js`, VENDOR).href).then((mod) => {
      if (!hljs.getLanguage(file)) hljs.registerLanguage(file, mod.default);
      return true;
    });
    promise.catch(() => languages.delete(file));
    languages.set(file, promise);
  }
  return promise;
}

/** Highlights every `pre > code` naming a known language; others stay plain text. */
export async function highlightCode(root) {
  const blocks = [...root.querySelectorAll('pre > code')].filter((code) => !code.classList.contains('hljs'));
  const named = blocks.map((code) => [code, languageOf(code)]).filter(([, lang]) => lang);
  if (named.length === 0) return;
  const { hljs, aliases } = await loadHighlighter();
  for (const [code, lang] of named) {
    if (!(await loadLanguage(hljs, aliases, lang).catch(() => false))) continue;
    if (!code.isConnected || code.classList.contains('hljs')) continue;
    const file = aliases[lang];
    const result = hljs.highlight(code.textContent, { language: file, ignoreIllegals: true });
    code.innerHTML = result.value; // highlight.js escapes the text it wraps in spans
    code.classList.add('hljs');
    code.dataset.highlighted = 'yes';
  }
}

function loadKatex() {
  katexModule ??= import(new URL('katex/katex.mjs', VENDOR).href).then((mod) => {
    addStylesheet('katex/katex.min.css');
    return mod.default;
  });
  katexModule.catch(() => {
    katexModule = undefined;
  });
  return katexModule;
}

/** Typesets every math span the core wrote; a TeX error shows as the source in red. */
export async function renderMath(root) {
  const spans = [...root.querySelectorAll('.math.math-inline, .math.math-display')].filter(
    (el) => !el.dataset.tex,
  );
  if (spans.length === 0) return;
  const katex = await loadKatex();
  for (const el of spans) {
    if (!el.isConnected || el.dataset.tex) continue;
    const tex = el.textContent;
    el.dataset.tex = tex;
    katex.render(tex.trim(), el, {
      displayMode: el.classList.contains('math-display'),
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      maxSize: 50,
      maxExpand: 1000,
    });
  }
}

/**
 * Enhances a freshly rendered view. Never throws: a library that fails to load leaves the
 * code as plain text and the TeX as written (and says so in the console as a warning).
 */
export async function enhance(root) {
  const jobs = [highlightCode(root), renderMath(root)].map((job) =>
    job.catch((err) => console.warn(`Quire: could not enhance the page: ${err?.message ?? err}`)),
  );
  await Promise.all(jobs);
}
