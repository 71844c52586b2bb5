// `make bench-index`: what each page of a big blog downloads of its index, and how soon its
// first post is on screen.
//
//   node bench/index.mjs [--quire target/debug/quire] [--sizes 1000,10000] [--loads 5] [--results FILE]
//
// With --quire a build of before the split (one posts/index.json), it times that one.
//
//  1. sites     target/bench/index/posts-N/: N posts of the shared corpus's Rust blog (YAML and
//               TOML copies, repeated with numbered slugs as needed), each given the tags its
//               title suggests (release, compiler, cargo…: the Rust blog's posts carry none),
//               built by the `quire` CLI.
//  2. download  per route, the index files it fetches (posts/index.json and its part of
//               posts/index/), gzip and brotli (quality 11): the home, the largest tag, the
//               largest archive year, a post page (the largest route shard), the whole archive.
//               "Before": the one posts/index.json every page fetched until the index was split
//               (rebuilt here from the parts: the same fields of every post).
//               Also a tag's and a year's page opened at their address: the page, the index,
//               and the part too unless the page is final.
//  3. first     headless Chromium, cache off, localhost (scripts/static-server.mjs): navigation
//               to the shell's view in <main> with its first post (the home's first summary, the
//               post's body, the tag's first item), for the home, a post page (Rust 1.68.0's
//               announcement, 5.7 KB) and the largest tag's page;
//               also to that view enhanced (main[data-ready]: code highlighted) and the first
//               contentful paint (the CLI's prerendered page, before the shell); medians of
//               --loads fresh loads after one warm-up.
//
// Prints each budget as pass/MISS and writes target/bench/index.json.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/static-server.mjs';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from '../tests/e2e/browser.mjs';
import { CORPUS, repeated, rustBlog } from './corpus.mjs';
import { option } from './options.mjs';
import { pageSignal } from './signal.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'target/bench/index');
const RESULTS = path.join(ROOT, 'target/bench/index.json');
const QUIRE = path.resolve(ROOT, option('quire', 'target/debug/quire'));
const SIZES = option('sizes', '1000,10000').split(',').map(Number);
const LOADS = Number(option('loads', '5'));

const BUDGETS = {
  routeKB: 100, // index bytes a home, tag or archive-year page downloads, compressed (gzip)
  firstPostMs: 300, // navigation to the first post on screen, localhost, any size
};
// The tags a Rust blog post gets from its title (case-insensitive), so tag pages have posts.
const TOPICS = {
  release: /\b(announcing|release|1\.\d+)/i,
  compiler: /compiler|rustc|incremental|mir\b|codegen|llvm/i,
  cargo: /cargo|crates|registry/i,
  async: /async|await|futures/i,
  community: /survey|team|council|governance|foundation|community|hiring|conference|rustconf/i,
  language: /trait|generic|lifetime|closure|borrow|const|edition|macro|enum|pattern/i,
  tooling: /rustup|rustfmt|clippy|rustdoc|analyzer|tool|ide\b/i,
  security: /security|cve|vulnerab/i,
  wasm: /wasm|webassembly/i,
  goals: /goal|roadmap|plan|update/i,
};

const TIMED_POST = 'rust-blog-yaml/2023-03-09-Rust-1.68.0-y-0.md';

const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
function row(what, value, budget, ok) {
  rows.push({ what, value, budget, ok });
  console.log(`${(ok ? 'pass' : 'MISS').padEnd(4)}  ${what}: ${value} (budget ${budget})`);
}

/** The post's text with the tags its title suggests added to its front matter. */
function tagged(text) {
  const title = /^title\s*[:=]\s*["']?(.*?)["']?\s*$/m.exec(text)?.[1] ?? '';
  const tags = Object.entries(TOPICS)
    .filter(([, re]) => re.test(title))
    .map(([tag]) => tag);
  if (!tags.length) return text;
  if (text.startsWith('+++')) return text.replace(/^\+\+\+\n/, `+++\ntags = ${JSON.stringify(tags)}\n`);
  return text.replace(/^---\n/, `---\ntags: ${JSON.stringify(tags)}\n`);
}

async function build(n, files) {
  const dir = path.join(OUT, `posts-${n}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'posts'), { recursive: true });
  await writeFile(path.join(dir, '_config.yml'), `title: Posts ${n}\nurl: https://example.com\n`);
  for (const [rel, text] of files) {
    const file = path.join(dir, 'posts', rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  execFileSync(QUIRE, ['build', dir], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  return path.join(dir, 'public');
}

const read = (out, file) => readFile(path.join(out, file));
const json = async (out, file) => JSON.parse(await read(out, file));

/** The sizes of a route's index files: { files, raw, gzip, brotli }. */
async function route(out, files) {
  const bytes = await Promise.all(files.map((f) => read(out, f)));
  const sum = (f) => bytes.reduce((n, b) => n + f(b), 0);
  return { files, raw: sum((b) => b.length), gzip: sum(gzip), brotli: sum(brotli) };
}

/** The one posts/index.json of before the split: every post's fields, rebuilt from the parts. */
async function unsplit(out, index) {
  const byPath = new Map();
  for (let n = 0; n < index.routeShards; n++) {
    for (const post of (await json(out, `posts/index/route-${n}.json`)).posts) {
      const { older, newer, ...rest } = post;
      byPath.set(post.path, rest);
    }
  }
  for (let n = 1; n <= index.homePages; n++) {
    for (const { path: p, excerptHtml, hasMore } of (await json(out, `posts/index/home-${n}.json`)).posts) {
      Object.assign(byPath.get(p), { excerptHtml, hasMore });
    }
  }
  const all = (await json(out, 'posts/index/all.json')).posts.map((p) => byPath.get(p.path));
  const { tags, years, claimed, postCount, homePages, routeShards, postList, ...rest } = index;
  const bytes = Buffer.from(JSON.stringify({ ...rest, version: 1, posts: all }));
  return { raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes) };
}

async function downloads(out) {
  const index = await json(out, 'posts/index.json');
  if (index.version === 1) {
    // A Quire of before the split (--quire an older build): its one index is every route's.
    const whole = await route(out, ['posts/index.json']);
    const post = index.posts.find((p) => p.path.endsWith(TIMED_POST));
    return { posts: index.posts.length, before: whole, index: whole, home: whole, post: whole, postPath: post?.permalink, unsplit: true };
  }
  const largest = (list) => list.reduce((best, x, i) => (x.count > list[best].count ? i : best), 0);
  const tag = largest(index.tags);
  const year = largest(index.years);
  let shard = 0;
  let shardBytes = 0;
  for (let n = 0; n < index.routeShards; n++) {
    const size = (await read(out, `posts/index/route-${n}.json`)).length;
    if (size > shardBytes) [shard, shardBytes] = [n, size];
  }
  const head = 'posts/index.json';
  // A tag's or a year's page opened at its address: the page itself, the index, and its
  // part of the index unless the page is final (quire build's, kept by the shell).
  const opened = async (page, part) => {
    const html = (await read(out, page)).toString();
    return route(out, html.includes(' data-final') ? [page, head] : [page, head, part]);
  };
  const tagPage = `tags/${index.tags[tag]?.slug}/index.html`;
  return {
    tagPath: `/${path.posix.dirname(tagPage)}/`,
    pages: {
      tag: await opened(tagPage, `posts/index/tag-${tag}.json`),
      year: await opened(`archive/${index.years[year]?.year}/index.html`, `posts/index/year-${year}.json`),
    },
    posts: index.postCount,
    before: await unsplit(out, index),
    index: await route(out, [head]),
    home: await route(out, [head, 'posts/index/home-1.json']),
    tag: { ...(await route(out, [head, `posts/index/tag-${tag}.json`])), name: index.tags[tag]?.tag, count: index.tags[tag]?.count },
    year: { ...(await route(out, [head, `posts/index/year-${year}.json`])), name: index.years[year]?.year, count: index.years[year]?.count },
    post: await route(out, [head, `posts/index/route-${shard}.json`]),
    archive: await route(out, [head, ...index.years.map((_, i) => `posts/index/year-${i}.json`)]),
    // The post page timed: a real release announcement (prose, lists, code), the same in every site.
    postPath: (await json(out, 'posts/index/all.json')).posts.find((p) => p.path.endsWith(TIMED_POST))?.permalink,
  };
}

// Runs in the page before its scripts: the moment the view the shell shows is in <main> with
// its first post (`window.__shellSelector`): its own view, or a final page of the CLI's, which
// it keeps (a prerendered page it renders over does not count); then the moment that view is
// enhanced (main[data-ready]), reported through the bench's binding (bench/signal.mjs).
function watchShellView() {
  const observer = new MutationObserver(() => {
    const main = document.getElementById('content');
    if (!main) return;
    if (window.__shellView === undefined) {
      if (main.hasAttribute('data-prerendered') && !main.hasAttribute('data-final')) return;
      if (!main.querySelector(window.__shellSelector)) return;
      window.__shellView = performance.now();
    }
    if (!main.hasAttribute('data-ready') || !main.querySelector(window.__shellSelector)) return;
    observer.disconnect();
    window.__benchShellReady(JSON.stringify({ shell: window.__shellView, ready: performance.now() }));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * In the page: the first contentful paint's time, waited for (a final page can be ready before
 * it paints: read at once, the entry was missing and the load counted as never shown), or null
 * when the page has not painted 5 s on.
 */
function firstContentfulPaint() {
  return new Promise((resolve) => {
    const found = (entries) => entries.find((entry) => entry.name === 'first-contentful-paint');
    const observer = new PerformanceObserver((list) => {
      const entry = found(list.getEntries());
      if (entry) {
        observer.disconnect();
        resolve(entry.startTime);
      }
    });
    observer.observe({ type: 'paint', buffered: true });
    setTimeout(() => {
      observer.disconnect();
      resolve(found(performance.getEntriesByType('paint'))?.startTime ?? null);
    }, 5000);
  });
}

/**
 * One fresh load (cache off): ms from navigation to the shell's view with its first post
 * (`selector`) in the DOM, to that view enhanced (main[data-ready]: highlighted code, math),
 * and to the first contentful paint. `visible`: the later of the first and the last, the
 * moment that view is on screen (a final page is in the DOM before its first paint).
 */
async function firstPost(browser, url, selector) {
  const context = await browser.newContext();
  await context.addInitScript(`window.__shellSelector = ${JSON.stringify(selector)}; (${watchShellView})();`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // Not a locator: waiting on one runs Playwright's injected script in the page while it loads.
  const shellReady = await pageSignal(cdp, '__benchShellReady');
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const { shell, ready } = await shellReady.next(20_000, `main[data-ready] ${selector}`);
    const m = {
      shell,
      ready,
      paint: await page.evaluate(firstContentfulPaint),
    };
    return { ...m, visible: m.shell === null || m.paint === null ? null : Math.max(m.shell, m.paint) };
  } catch (err) {
    throw new Error(`${url}: ${err.message} ${problems.join('; ')}`);
  } finally {
    await context.close();
  }
}

async function timings(browser, out, { postPath, tagPath }) {
  const server = await startServer({ root: out });
  try {
    const urls = { home: [server.url, '.post-summary'], post: [new URL(postPath.slice(1), server.url).href, '.post-body'] };
    if (tagPath) urls.tag = [new URL(tagPath.slice(1), server.url).href, '.post-index li'];
    const runs = Object.fromEntries(Object.keys(urls).map((kind) => [kind, []]));
    for (let i = -1; i < LOADS; i++) {
      for (const [kind, [url, selector]] of Object.entries(urls)) {
        const ms = await firstPost(browser, url, selector);
        if (i >= 0) runs[kind].push(ms);
      }
    }
    const summary = (v) => ({
      medianMs: median(v.map((m) => m.visible ?? Infinity)),
      readyMs: median(v.map((m) => m.ready)),
      paintMs: median(v.map((m) => m.paint ?? Infinity)),
      runs: v.map((m) => Math.round(m.visible ?? Infinity)),
    });
    return Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summary(v)]));
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------
if (!existsSync(CORPUS)) throw new Error(`the corpus is not at ${CORPUS} (set QUIRE_CORPUS)`);
if (!existsSync(QUIRE)) throw new Error(`${QUIRE} is missing: run \`make cli\``);
await mkdir(OUT, { recursive: true });
const blog = await rustBlog();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const results = { sites: [], budgets: BUDGETS };
try {
  for (const n of SIZES) {
    const started = performance.now();
    const out = await build(n, repeated(blog, n, tagged));
    const built = performance.now() - started;
    const d = await downloads(out);
    const t = await timings(browser, out, d);
    results.sites.push({ posts: d.posts, buildMs: built, downloads: d, firstPost: t });
    console.log(`\n${d.posts} posts (written and built in ${(built / 1000).toFixed(1)} s)`);
    console.log(`  ${'route'.padEnd(34)} ${'raw KB'.padStart(9)} ${'gzip KB'.padStart(8)} ${'brotli KB'.padStart(10)}`);
    const line = (what, r) => console.log(`  ${what.padEnd(34)} ${kb(r.raw).padStart(9)} ${kb(r.gzip).padStart(8)} ${kb(r.brotli).padStart(10)}`);
    line('before: every page (index.json v1)', d.before);
    if (d.unsplit) {
      console.log(`  first contentful paint (the prerendered page): home ${t.home.paintMs.toFixed(0)} ms, post page ${t.post.paintMs.toFixed(0)} ms`);
      console.log(`  the shell's view with its first post, on screen: home ${t.home.medianMs.toFixed(0)} ms (${t.home.runs.join(' ')}), post page ${t.post.medianMs.toFixed(0)} ms (${t.post.runs.join(' ')}); enhanced: ${t.home.readyMs.toFixed(0)} ms, ${t.post.readyMs.toFixed(0)} ms`);
      continue;
    }
    line('posts/index.json alone', d.index);
    line('home', d.home);
    line(`tag "${d.tag.name}" (${d.tag.count} posts)`, d.tag);
    line(`archive year ${d.year.name} (${d.year.count} posts)`, d.year);
    line('post page (largest route shard)', d.post);
    line('archive, every year', d.archive);
    line(`tag "${d.tag.name}" opened: page + index`, d.pages.tag);
    line(`year ${d.year.name} opened: page + index`, d.pages.year);
    console.log(`  first contentful paint (the prerendered page): home ${t.home.paintMs.toFixed(0)} ms, post page ${t.post.paintMs.toFixed(0)} ms, tag page ${t.tag.paintMs.toFixed(0)} ms`);
    console.log(`  the shell's view with its first post, on screen: home ${t.home.medianMs.toFixed(0)} ms (${t.home.runs.join(' ')}), post page ${t.post.medianMs.toFixed(0)} ms (${t.post.runs.join(' ')}), tag page ${t.tag.medianMs.toFixed(0)} ms (${t.tag.runs.join(' ')}); enhanced: ${t.home.readyMs.toFixed(0)} ms, ${t.post.readyMs.toFixed(0)} ms, ${t.tag.readyMs.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
}

console.log('');
for (const s of results.sites) {
  const d = s.downloads;
  if (d.unsplit) continue;
  for (const [what, r] of [['home', d.home], [`tag "${d.tag.name}"`, d.tag], [`archive year ${d.year.name}`, d.year]]) {
    row(`${what} index download at ${s.posts} posts (gzip; brotli ${kb(r.brotli)} KB)`, `${kb(r.gzip)} KB`, `${BUDGETS.routeKB} KB`, r.gzip / 1024 <= BUDGETS.routeKB);
  }
  for (const [what, t] of Object.entries(s.firstPost)) {
    row(`${what}: the shell's view with its first post on screen at ${s.posts} posts (median, localhost; prerendered paint ${t.paintMs.toFixed(0)} ms)`, `${t.medianMs.toFixed(0)} ms`, `${BUDGETS.firstPostMs} ms`, t.medianMs <= BUDGETS.firstPostMs);
  }
}
results.rows = rows;
await writeFile(option('results', RESULTS), JSON.stringify(results, null, 2));
