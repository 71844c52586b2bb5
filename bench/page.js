// Throughput of Quire (the wasm-pack build in www/pkg) and the JavaScript renderers people use,
// in one Chromium page, on the inputs bench/run.mjs wrote to target/bench/inputs/. run.mjs
// calls `window.bench.runInput(input, impls, timing)` for each input and prints the results.
//
// Every renderer is loaded from node_modules: markdown-it and commonmark.js from their own
// browser builds, marked and micromark (+ GFM) as the ES modules they publish (micromark's
// packages through the import map run.mjs writes), gray-matter bundled by esbuild (it is
// CommonJS with node dependencies) into target/bench/peers/.
import init, { parsePost, renderMarkdown } from '/www/pkg/quire.js';
import markdownit from '/node_modules/markdown-it/dist/browser/markdown-it.esm.min.mjs';
import { Marked } from '/node_modules/marked/lib/marked.esm.js';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { parse as parseToml } from 'smol-toml';
import matter from '/target/bench/peers/gray-matter.js';

const { Parser: CommonmarkParser, HtmlRenderer: CommonmarkRenderer } = window.commonmark;

const md = markdownit(); // its defaults: CommonMark + tables + strikethrough, raw HTML escaped
const marked = new Marked(); // its defaults: GFM
const micromarkOptions = { extensions: [gfm()], htmlExtensions: [gfmHtml()] };
const cmParser = new CommonmarkParser();
const cmRenderer = new CommonmarkRenderer();

// gray-matter + markdown-it: what parsePost does, done the usual JavaScript way: front matter
// (YAML, or TOML through smol-toml for `+++` files), the body, and the excerpt (front matter
// `excerpt`, else the text before <!--more-->, else the first paragraph, as Jekyll does).
const yamlOptions = { excerpt: true, excerpt_separator: '<!--more-->' };
const tomlOptions = { ...yamlOptions, language: 'toml', delimiters: '+++', engines: { toml: parseToml } };
function grayMatterMarkdownIt(source) {
  const file = matter(source, /^\uFEFF?\+\+\+/.test(source) ? tomlOptions : yamlOptions);
  const html = md.render(file.content);
  const excerpt =
    typeof file.data.excerpt === 'string'
      ? file.data.excerpt
      : file.excerpt || file.content.trimStart().split(/\n[ \t]*\n/, 1)[0];
  return { data: file.data, html, excerptHtml: md.render(excerpt) };
}

/** name -> { input: 'source' (the whole file) or 'body' (front matter removed), fn }. */
const IMPLS = {
  'quire parsePost': { input: 'source', fn: (item) => parsePost(item.source, { path: item.path }) },
  'quire renderMarkdown': { input: 'body', fn: (item) => renderMarkdown(item.body) },
  'markdown-it': { input: 'body', fn: (item) => md.render(item.body) },
  marked: { input: 'body', fn: (item) => marked.parse(item.body) },
  'micromark+gfm': { input: 'body', fn: (item) => micromark(item.body, micromarkOptions) },
  'commonmark.js': { input: 'body', fn: (item) => cmRenderer.render(cmParser.parse(item.body)) },
  'gray-matter+markdown-it': { input: 'source', fn: (item) => grayMatterMarkdownIt(item.source) },
};

let sink = 0; // every result's length goes here, so no call can be optimized away
const outputLength = (result) => (typeof result === 'string' ? result.length : result.html.length);

const utf8 = new TextEncoder();
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
  for (const input of Object.values(inputs)) {
    input.sourceBytes = input.items.reduce((n, it) => n + utf8.encode(it.source).length, 0);
    input.bodyBytes = input.items.reduce((n, it) => n + utf8.encode(it.body).length, 0);
  }
  document.getElementById('status').textContent = 'Ready';
  return {
    userAgent: navigator.userAgent,
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([name, i]) => [name, { items: i.items.length, sourceBytes: i.sourceBytes, bodyBytes: i.bodyBytes }]),
    ),
    impls: Object.keys(IMPLS),
  };
}

/**
 * Times every impl in `implNames` on `inputName`, interleaved so that a busy moment of this
 * shared machine falls on all of them alike: first each impl's warm-up (at least `warmCalls`
 * calls and `warmMs`), then rounds in which each impl takes one sample (in an order that
 * rotates), until `minRounds` and about `minMsPerImpl` per impl (or `maxRounds`). A sample is
 * enough calls to last >= 10 ms (the page clock is coarse). One call is one input, or the whole
 * batch for the corpus (each post parsed separately). Returns, per impl, the median time per
 * call and what the outputs looked like.
 */
function runInput(inputName, implNames, { warmCalls = 3, warmMs = 300, minRounds = 7, minMsPerImpl = 1000, maxRounds = 40 } = {}) {
  const input = inputs[inputName];
  if (!input) throw new Error(`unknown input: ${inputName}`);
  const subjects = implNames.map((name) => {
    const impl = IMPLS[name];
    if (!impl) throw new Error(`unknown impl: ${name}`);
    // One checking pass first: failures are reported (and left out of the timed calls).
    const failures = [];
    const ok = [];
    let outputChars = 0;
    for (const item of input.items) {
      try {
        outputChars += outputLength(impl.fn(item));
        ok.push(item);
      } catch (err) {
        failures.push(`${item.path}: ${err?.message ?? err}`.slice(0, 200));
      }
    }
    const call = () => {
      for (const item of ok) sink += outputLength(impl.fn(item));
    };
    const bytes = ok.reduce((n, it) => n + utf8.encode(impl.input === 'source' ? it.source : it.body).length, 0);
    return { name, impl, ok, failures, outputChars, call, bytes, samples: [] };
  });
  for (const s of subjects) {
    const start = performance.now();
    let calls = 0;
    while (calls < warmCalls || performance.now() - start < warmMs) {
      s.call();
      calls++;
    }
    s.callsPerSample = Math.max(1, Math.ceil(10 / ((performance.now() - start) / calls)));
  }
  const start = performance.now();
  for (let round = 0; round < minRounds || (performance.now() - start < minMsPerImpl * subjects.length && round < maxRounds); round++) {
    for (let k = 0; k < subjects.length; k++) {
      const s = subjects[(k + round) % subjects.length];
      const t = performance.now();
      for (let i = 0; i < s.callsPerSample; i++) s.call();
      s.samples.push((performance.now() - t) / s.callsPerSample);
    }
  }
  return subjects.map((s) => {
    const samples = [...s.samples].sort((a, b) => a - b);
    const medianMs = samples[Math.floor(samples.length / 2)];
    return {
      impl: s.name,
      input: inputName,
      fed: s.impl.input,
      items: s.ok.length,
      bytes: s.bytes,
      medianMs,
      minMs: samples[0],
      maxMs: samples[samples.length - 1],
      samples: samples.length,
      callsPerSample: s.callsPerSample,
      mbps: s.bytes / (medianMs / 1000) / 1e6,
      postsPerSecond: input.batch ? s.ok.length / (medianMs / 1000) : null,
      outputChars: s.outputChars,
      failures: s.failures,
      sink: sink % 1000,
    };
  });
}

window.bench = { ready: load(), runInput };
