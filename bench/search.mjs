// `make bench-search`: the budgets of the search issue, on real posts.
//
//   node bench/search.mjs [--quire target/debug/quire] [--posts 10000]
//
//  1. sites    target/bench/search/: the Rust blog (../shared/corpus/posts, YAML and TOML
//              copies, 1,313 posts; the YAML copies get a `-y` slug so the two do not claim the
//              same permalinks), and a 10,000-post site made of the same posts repeated with
//              their slugs numbered. Each is built by the `quire` CLI, timed (search included).
//  2. size     every file of `search/` brotli-compressed (quality 11), per 1,000 posts.
//  3. queries  the search module (www/pkg-search) in Node, as the shell uses it: for each query, the bytes it
//              downloads (meta.json, the term chunks it names, the docs files of its first 10
//              results, each brotli-compressed) and its time with those chunks already loaded
//              (chunksFor + search + docFile), median of 20 runs.
//  4. recall   every Rust blog post searched for by its title: found or not.
//  5. code     the search JS the shell loads on focus (www/js/blog/search*.js), brotli, and
//              the search module it loads when a query runs (www/pkg-search/quire_bg.wasm).
//
// Prints each budget as pass/MISS and writes target/bench/search.json.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { CORPUS, repeated, rustBlog } from './corpus.mjs';
import { option } from './options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'target/bench/search');
const QUIRE = path.resolve(ROOT, option('quire', 'target/debug/quire'));
const LARGE = Number(option('posts', '10000'));

const BUDGETS = {
  indexKBPer1000: 100, // whole index, brotli, per 1,000 posts (the Rust blog)
  queryKB: 50, // what one query downloads at 10,000 posts
  queryMs10k: 50, // first results with the chunks cached, 10,000 posts
  queryMs1k: 5, // one query at about 1,000 posts
  codeKB: 15, // search code (JS) brotli
};
// Real queries a reader of the Rust blog would type, and what the box sees while typing.
const QUERIES = ['rust', 'async closures', 'borrow checker', 'const generics', 'compiler performance', 'cargo', 'lifetimes', 'webassembly', 'error handling', 'unsafe code guidelines', 'incremental compilation', 'asy', 'asyn', 'async', 'the', 'rust release 1.0'];

const brotli = (bytes) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
const verdict = (ok) => (ok ? 'pass' : 'MISS');
function row(what, value, budget, ok) {
  rows.push({ what, value, budget, ok });
  console.log(`${verdict(ok).padEnd(4)}  ${what}: ${value} (budget ${budget})`);
}

/** A site folder with `posts`, every file renamed by `rename`; built and timed. */
async function site(name, posts, rename = (p) => p) {
  const dir = path.join(OUT, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'posts'), { recursive: true });
  await writeFile(path.join(dir, '_config.yml'), `title: ${name}\nurl: https://example.com\n`);
  for (const [rel, text] of posts) {
    const file = path.join(dir, 'posts', rename(rel));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const started = performance.now();
  let log;
  try {
    log = execFileSync(QUIRE, ['build', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  } catch (err) {
    throw new Error(`quire build ${name} failed:\n${String(err.stderr).split('\n').slice(-8).join('\n')}`);
  }
  const ms = performance.now() - started;
  const files = {};
  const searchDir = path.join(dir, 'public/search');
  for (const f of await readdir(searchDir)) if (!f.endsWith('.html')) files[f] = await readFile(path.join(searchDir, f));
  const meta = JSON.parse(files['meta.json']);
  return { name, dir, ms, files, meta, log };
}

async function loadWasm() {
  const pkg = path.join(ROOT, 'www/pkg-search');
  const quire = await import(new URL('quire.js', `file://${pkg}/`).href);
  quire.initSync({ module: readFileSync(path.join(pkg, 'quire_bg.wasm')) });
  return quire;
}

function measureQueries(quire, built) {
  const sizes = Object.fromEntries(Object.entries(built.files).map(([f, b]) => [f, brotli(b)]));
  const out = [];
  for (const q of QUERIES) {
    const index = new quire.SearchIndex(built.files['meta.json'].toString());
    let bytes = sizes['meta.json'];
    for (const n of index.chunksFor(q)) {
      const file = index.chunkFile(n);
      bytes += sizes[file];
      index.addChunk(n, built.files[file]);
    }
    const first = index.search(q, 10);
    const docFiles = new Set(first.hits.map((h) => index.docFile(h.doc).file));
    for (const f of docFiles) bytes += sizes[f];
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      index.chunksFor(q);
      const r = index.search(q, 10);
      for (const h of r.hits) index.docFile(h.doc);
      times.push(performance.now() - t);
    }
    index.free();
    out.push({ query: q, total: first.total, bytes, ms: median(times) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
if (!existsSync(CORPUS)) throw new Error(`the corpus is not at ${CORPUS} (set QUIRE_CORPUS)`);
if (!existsSync(QUIRE)) throw new Error(`${QUIRE} is missing: run \`make cli\``);
await mkdir(OUT, { recursive: true });
const quire = await loadWasm();
const blog = await rustBlog();

const small = await site('rust-blog', blog);
const many = repeated(blog, LARGE);
const large = await site(`posts-${LARGE}`, many);

const results = { sites: [], queries: {}, budgets: BUDGETS };
for (const built of [small, large]) {
  const total = Object.values(built.files).reduce((a, b) => a + b.length, 0);
  const br = Object.values(built.files).reduce((a, b) => a + brotli(b), 0);
  const docs = built.meta.docs;
  const chunks = built.meta.terms.length;
  console.log(`${built.name}: ${docs} posts indexed, quire build ${(built.ms / 1000).toFixed(2)} s (search included), search/ ${Object.keys(built.files).length} files, ${kb(total)} KB raw, ${kb(br)} KB brotli (${kb((br * 1000) / docs)} KB per 1,000 posts), ${chunks} term chunks`);
  results.sites.push({ name: built.name, docs, buildMs: built.ms, rawBytes: total, brotliBytes: br, chunks });
  const qs = measureQueries(quire, built);
  results.queries[built.name] = qs;
  for (const q of qs) console.log(`  ${JSON.stringify(q.query).padEnd(26)} ${String(q.total).padStart(6)} found  ${kb(q.bytes).padStart(6)} KB  ${q.ms.toFixed(2)} ms`);
}

// Recall on the Rust blog: every post found by the words of its title (the first 10,000 results).
{
  const index = new quire.SearchIndex(small.files['meta.json'].toString());
  let found = 0;
  const missed = [];
  const entries = small.meta.docFiles.flatMap((file) => JSON.parse(small.files[file]));
  entries.forEach(([, title], doc) => {
    for (const n of index.chunksFor(title)) index.addChunk(n, small.files[index.chunkFile(n)]);
    if (index.search(title, 10_000).hits.some((h) => h.doc === doc)) found++;
    else missed.push(title);
  });
  index.free();
  results.recall = { found, posts: small.meta.docs, missed };
  console.log(`recall: ${found} of ${small.meta.docs} Rust blog posts found by their title${missed.length ? `; missed: ${missed.slice(0, 5).join(' | ')}` : ''}`);
}

const [s, l] = results.sites;
row(`index, brotli, per 1,000 posts (Rust blog, ${s.docs} posts)`, `${kb((s.brotliBytes * 1000) / s.docs)} KB`, `${BUDGETS.indexKBPer1000} KB`, (s.brotliBytes * 1000) / s.docs / 1024 <= BUDGETS.indexKBPer1000);
const maxBytes = Math.max(...results.queries[l.name].map((q) => q.bytes));
row(`largest download of one query at ${l.docs} posts`, `${kb(maxBytes)} KB`, `${BUDGETS.queryKB} KB`, maxBytes / 1024 <= BUDGETS.queryKB);
const max10k = Math.max(...results.queries[l.name].map((q) => q.ms));
row(`slowest query at ${l.docs} posts, chunks cached (wasm in Node)`, `${max10k.toFixed(2)} ms`, `${BUDGETS.queryMs10k} ms`, max10k <= BUDGETS.queryMs10k);
const max1k = Math.max(...results.queries[s.name].map((q) => q.ms));
row(`slowest query at ${s.docs} posts (wasm in Node)`, `${max1k.toFixed(2)} ms`, `${BUDGETS.queryMs1k} ms`, max1k <= BUDGETS.queryMs1k);
const jsFiles = (await readdir(path.join(ROOT, 'www/js/blog'))).filter((f) => f.startsWith('search'));
const code = jsFiles.reduce((a, f) => a + brotli(readFileSync(path.join(ROOT, 'www/js/blog', f))), 0);
row(`search JS loaded on focus (${jsFiles.join(', ') || 'none yet'}; wasm not included)`, `${kb(code)} KB`, `${BUDGETS.codeKB} KB`, jsFiles.length > 0 && code / 1024 <= BUDGETS.codeKB);
const searchWasm = readFileSync(path.join(ROOT, 'www/pkg-search/quire_bg.wasm'));
results.searchWasm = { raw: searchWasm.length, brotli11: brotli(searchWasm) };
console.log(`search module loaded when a query runs (www/pkg-search/quire_bg.wasm): ${kb(searchWasm.length)} KB raw, ${kb(results.searchWasm.brotli11)} KB brotli 11`);
console.log(`quire build, ${l.docs} posts with search: ${(l.buildMs / 1000).toFixed(2)} s (${path.relative(ROOT, QUIRE)})`);
results.rows = rows;
await writeFile(path.join(ROOT, 'target/bench/search.json'), JSON.stringify(results, null, 2));
