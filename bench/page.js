// Throughput of Quire (the wasm-pack build in www/pkg-full) and the JavaScript renderers people use,
// in one Chromium page, on the inputs bench/run.mjs wrote to target/bench/inputs/. run.mjs
// calls `window.bench.runInput(input, impls, timing)` for each input and prints the results.
//
// Every renderer is loaded from node_modules: markdown-it and commonmark.js from their own
// browser builds, marked and micromark (+ GFM) as the ES modules they publish (micromark's
// packages through the import map run.mjs writes), gray-matter bundled by esbuild (it is
// CommonJS with node dependencies) into target/bench/peers/.
// The full module (www/pkg-full): it renders every input, the Liquid post included; its Markdown
// code is the reader's module's own.
import init, { parsePost, renderMarkdown } from '/www/pkg-full/quire.js';
import markdownit from '/node_modules/markdown-it/dist/browser/markdown-it.esm.min.mjs';
import { Marked } from '/node_modules/marked/lib/marked.esm.js';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { parse as parseToml } from 'smol-toml';
import matter from '/target/bench/peers/gray-matter.js';
import { grayMatterMarkdownIt } from '/bench/stack.js';
import { measure, sizeInputs } from '/bench/sampler.js';

const { Parser: CommonmarkParser, HtmlRenderer: CommonmarkRenderer } = window.commonmark;

const md = markdownit(); // its defaults: CommonMark + tables + strikethrough, raw HTML escaped
const marked = new Marked(); // its defaults: GFM
const micromarkOptions = { extensions: [gfm()], htmlExtensions: [gfmHtml()] };
const cmParser = new CommonmarkParser();
const cmRenderer = new CommonmarkRenderer();

const grayMatterMarkdownItCall = grayMatterMarkdownIt({ matter, md, parseToml });

/** name -> { input: 'source' (the whole file) or 'body' (front matter removed), fn }. */
const IMPLS = {
  'quire parsePost': { input: 'source', fn: (item) => parsePost(item.source, { path: item.path }) },
  'quire renderMarkdown': { input: 'body', fn: (item) => renderMarkdown(item.body) },
  'markdown-it': { input: 'body', fn: (item) => md.render(item.body) },
  marked: { input: 'body', fn: (item) => marked.parse(item.body) },
  'micromark+gfm': { input: 'body', fn: (item) => micromark(item.body, micromarkOptions) },
  'commonmark.js': { input: 'body', fn: (item) => cmRenderer.render(cmParser.parse(item.body)) },
  'gray-matter+markdown-it': { input: 'source', fn: (item) => grayMatterMarkdownItCall(item.source) },
};
// The floor (the Makefile's target/bench/floor): bare pulldown-cmark behind parsePost's own
// boundary, what parsePost would cost were all of Quire's work free. Left out if not built.
const floor = await import('/target/bench/floor/quire.js').then(
  async (module) => (await module.default(), module),
  () => null,
);
if (floor) IMPLS['bare pulldown-cmark'] = { input: 'body', fn: (item) => floor.bareMarkdown(item.body) };

const inputs = {}; // name -> { items: [{ path, source, body }], batch, sourceBytes, bodyBytes }

async function fetchText(url) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

async function load() {
  await init();
  const base = '/target/bench/inputs/';
  const manifest = JSON.parse(await fetchText(base + 'manifest.json'));
  for (const input of manifest.inputs) {
    const [source, body] = await Promise.all([fetchText(base + input.file), fetchText(base + input.bodyFile)]);
    inputs[input.name] = { items: [{ path: input.path, source, body }], batch: false };
  }
  inputs.corpus = { items: JSON.parse(await fetchText(base + manifest.corpus.file)), batch: true };
  sizeInputs(inputs);
  document.getElementById('status').textContent = 'Ready';
  return {
    userAgent: navigator.userAgent,
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([name, i]) => [name, { items: i.items.length, sourceBytes: i.sourceBytes, bodyBytes: i.bodyBytes }]),
    ),
    impls: Object.keys(IMPLS),
  };
}

window.bench = { ready: load(), runInput: (name, implNames, timing) => measure(inputs, name, IMPLS, implNames, timing) };
