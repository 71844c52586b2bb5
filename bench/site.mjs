// `make bench`'s site section (bench/run.mjs, step 5): examples/blog built by the `quire` CLI
// into a temp dir, then in Chromium every response of a post page (body brotli-compressed, plus
// its headers) summed, for the seed post and every other post, and cold start of the seed post
// (navigation to its `.post-body` filled, fresh context, cache off) with and without the
// prerendered page, and without it at 20 ms per request (emulated).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/static-server.mjs';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from '../tests/e2e/browser.mjs';
import { brotli, fmt, kb, median } from './numbers.mjs';
import { pageSignal } from './signal.mjs';

async function buildSite({ root, quireBin, seed, run }) {
  if (!existsSync(quireBin)) throw new Error(`the quire CLI is not built at ${path.relative(root, quireBin)} (make cli)`);
  if (!existsSync(path.join(root, 'www/js/blog'))) throw new Error('the blog shell (www/js/blog/) is not there');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'quire-bench-site-'));
  const withDir = path.join(tmp, 'with');
  const withoutDir = path.join(tmp, 'without');
  // The sample blog, built by the CLI (which carries the runtime) into `with`.
  await run(quireBin, ['build', path.join(root, 'examples/blog'), '--out', withDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  const index = JSON.parse(await readFile(path.join(withDir, 'posts/index/all.json'), 'utf8'));
  const post = index.posts.find((p) => p.path === seed.replace(/^examples\/blog\//, '')) ?? index.posts[0];
  if (!post) throw new Error('the built site has no post');
  const prerendered = path.join(withDir, post.permalink, 'index.html');
  if (!existsSync(prerendered)) throw new Error(`quire build wrote no prerendered page at ${post.permalink}`);
  await cp(withDir, withoutDir, { recursive: true });
  await rm(path.join(withoutDir, post.permalink, 'index.html'));
  return { tmp, withDir, withoutDir, post, index };
}

/**
 * "Without the prerendered page": the post's index.html deleted. A static host answers that
 * path with 404.html (which boots the shell); if scripts/static-server.mjs does not (it answers
 * a plain-text 404), the path gets 404.html's bytes as its index.html: the same document the
 * reader would get, with status 200 instead of 404.
 */
async function emulateFallback(site, server) {
  const notFound = await readFile(path.join(site.withoutDir, '404.html'), 'utf8');
  const res = await fetch(new URL(site.post.permalink.slice(1), server.url));
  const body = await res.text();
  if (body === notFound) return 'deleted; the server answers 404.html';
  await writeFile(path.join(site.withoutDir, site.post.permalink, 'index.html'), notFound);
  return "replaced by 404.html's bytes (scripts/static-server.mjs answers a missing path with a plain-text 404, not 404.html)";
}

// Runs in the page before any of its scripts: the first moment the post's body has content.
function watchFirstPost() {
  const found = () => {
    const body = document.querySelector('article.post .post-body');
    return body !== null && body.textContent.trim() !== '';
  };
  const observer = new MutationObserver(() => {
    if (window.__firstPost !== undefined || !found()) return;
    window.__firstPost = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      window.__firstPostFrame = performance.now();
      window.__benchFirstPost(JSON.stringify({ dom: window.__firstPost, frame: window.__firstPostFrame }));
    });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

async function newColdPage(browser, url, { latencyMs = 0 } = {}) {
  const context = await browser.newContext();
  await context.addInitScript(watchFirstPost);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (latencyMs) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1 });
  // Not page.waitForFunction: its injected script would run in the page while it loads.
  const firstPost = await pageSignal(cdp, '__benchFirstPost');
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The 404.html fallback: the document itself comes with status 404, as on a static host.
    if (/status of 404/.test(msg.text()) && msg.location()?.url === url) return;
    problems.push(`console error: ${msg.text()}`);
  });
  return { context, page, problems, firstPost };
}

async function loadPost(browser, url, title, options) {
  const { context, page, problems, firstPost } = await newColdPage(browser, url, options);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    await firstPost.next(10_000, `the post at ${url}`).catch((err) => {
      throw new Error(`the post never rendered at ${url}: ${problems.join('; ') || err.message}`);
    });
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        dom: window.__firstPost,
        frame: window.__firstPostFrame,
        responseEnd: nav?.responseEnd ?? null,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
        // When the shell's pieces had arrived (the wasm's compile starts after its response).
        resources: Object.fromEntries(
          Object.entries({ appJs: /\/js\/app\.js$/, wasm: /\/quire_bg\.wasm$/, index: /\/posts\/index\.json$/, post: /\.md$/ }).map(([key, re]) => [
            key,
            performance.getEntriesByType('resource').find((r) => re.test(new URL(r.name).pathname))?.responseEnd ?? null,
          ]),
        ),
        title: document.querySelector('article.post .post-title')?.textContent ?? null,
      };
    });
    if (m.title !== title) throw new Error(`${url} shows "${m.title}", not "${title}"`);
    return m;
  } finally {
    await context.close();
  }
}

// The cold starts timed: with and without the prerendered page on localhost (`without` is
// budgeted), and without it at 20 ms per request (CDP's emulation, every request waits that long
// for its response), where the round trips a post route makes weigh as they would on a network.
const COLD_STARTS = { with: {}, without: {}, without20ms: { latencyMs: 20 } };

async function coldStart(browser, site, urls, loads) {
  const runs = Object.fromEntries(Object.keys(COLD_STARTS).map((kind) => [kind, []]));
  for (let i = -1; i < loads; i++) {
    for (const [kind, options] of Object.entries(COLD_STARTS)) {
      const m = await loadPost(browser, urls[kind === 'with' ? 'with' : 'without'], site.post.title, options);
      if (i >= 0) runs[kind].push(m); // the first round only warms the server and the disk
    }
  }
  const summary = (list) => ({
    loads: list.length,
    medianMs: median(list.map((m) => m.frame)),
    medianDomMs: median(list.map((m) => m.dom)),
    minMs: Math.min(...list.map((m) => m.frame)),
    maxMs: Math.max(...list.map((m) => m.frame)),
    medianResponseEndMs: median(list.map((m) => m.responseEnd)),
    medianDomContentLoadedMs: median(list.map((m) => m.domContentLoaded)),
    medianResponseEndsMs: Object.fromEntries(
      Object.keys(list[0].resources).map((key) => [key, median(list.map((m) => m.resources[key]).filter((x) => x !== null))]),
    ),
    framesMs: list.map((m) => Math.round(m.frame * 10) / 10),
  });
  return Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, summary(list)]));
}

/** How a cold start of COLD_STARTS is named in the output. */
export const coldStartName = (kind) => ({ with: 'with prerender', without: 'without prerender', without20ms: 'without prerender, 20 ms per request' })[kind];

/**
 * Every response of one post page load (fresh context, cache off) and its bytes: each body
 * compressed with brotli 11 (the local server sends it uncompressed) plus the response's
 * headers as sent. Images are content, not the app: summed apart, outside `total`.
 */
async function download(browser, url, title) {
  const { context, page, problems, firstPost } = await newColdPage(browser, url);
  try {
    const pending = [];
    page.on('requestfinished', (request) => {
      pending.push(
        (async () => {
          const response = await request.response();
          if (!response) return null;
          const body = await response.body().catch(() => Buffer.alloc(0));
          const sizes = await request.sizes().catch(() => ({ responseHeadersSize: 0 }));
          return {
            path: new URL(request.url()).pathname,
            status: response.status(),
            type: (response.headers()['content-type'] ?? '').split(';')[0],
            raw: body.length,
            brotli: body.length ? brotli(body) : 0,
            headers: sizes.responseHeadersSize,
          };
        })(),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
    await firstPost.next(10_000, `the post at ${url}`).catch((err) => {
      throw new Error(`the post never rendered at ${url}: ${problems.join('; ') || err.message}`);
    });
    const shown = await page.evaluate(() => document.querySelector('article.post .post-title')?.textContent ?? null);
    if (shown !== title) throw new Error(`${url} shows "${shown}", not "${title}"`);
    const responses = (await Promise.all(pending)).filter(Boolean).sort((a, b) => b.brotli - a.brotli);
    const app = responses.filter((r) => !r.type.startsWith('image/'));
    const sum = (list, key) => list.reduce((n, r) => n + r[key], 0);
    return {
      responses,
      count: responses.length,
      raw: sum(app, 'raw'),
      brotli: sum(app, 'brotli'),
      headers: sum(app, 'headers'),
      total: sum(app, 'brotli') + sum(app, 'headers'),
      images: sum(responses, 'brotli') - sum(app, 'brotli') + sum(responses, 'headers') - sum(app, 'headers'),
      problems,
    };
  } finally {
    await context.close();
  }
}

function printDownload(label, d, details) {
  const images = d.images ? ` (+ ${fmt(kb(d.images))} KB of images)` : '';
  console.log(`download ${label}: ${d.count} responses, ${fmt(kb(d.raw))} KB raw, ${fmt(kb(d.brotli))} KB brotli + ${fmt(kb(d.headers))} KB headers = ${fmt(kb(d.total))} KB${images}`);
  if (details) for (const r of d.responses) console.log(`  ${String(r.status).padEnd(4)}${r.path.padEnd(72)} ${fmt(kb(r.raw)).padStart(7)} KB ${fmt(kb(r.brotli)).padStart(7)} KB br`);
  if (d.problems.length) console.log(`  page problems: ${d.problems.join('; ')}`);
}

/**
 * Builds the sample blog with `quireBin` (`root`: the repository; `seed`: the post measured in
 * detail; `loads`: cold starts of each kind; `run`: runs a command) and measures it.
 */
export async function siteMeasurements({ root, quireBin, seed: seedPath, loads, run }) {
  const site = await buildSite({ root, quireBin, seed: seedPath, run });
  const servers = { with: await startServer({ root: site.withDir }), without: null };
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    servers.without = await startServer({ root: site.withoutDir });
    const method = await emulateFallback(site, servers.without);
    const urlOf = (server, post) => new URL(post.permalink.slice(1), server.url).href;
    const urls = { with: urlOf(servers.with, site.post), without: urlOf(servers.without, site.post) };
    console.log(`post: ${site.post.permalink} ("${site.post.title}")`);
    console.log(`without the prerendered page: ${method}`);
    const seed = {
      with: await download(browser, urls.with, site.post.title),
      without: await download(browser, urls.without, site.post.title),
    };
    printDownload('with prerender', seed.with, true);
    printDownload('without prerender', seed.without, false);
    // Every post page of the site (prerendered): the heaviest one is what the budget holds to.
    const posts = [];
    for (const post of site.index.posts) {
      const d = post.permalink === site.post.permalink ? seed.with : await download(browser, urlOf(servers.with, post), post.title);
      posts.push({ permalink: post.permalink, path: post.path, count: d.count, raw: d.raw, brotli: d.brotli, headers: d.headers, total: d.total, images: d.images, problems: d.problems });
    }
    posts.sort((a, b) => b.total - a.total);
    console.log(`every post page of the site (prerendered), heaviest first:`);
    for (const p of posts) console.log(`  ${fmt(kb(p.total)).padStart(7)} KB  ${p.count} responses  ${p.permalink}${p.images ? `  (+ ${fmt(kb(p.images))} KB images)` : ''}`);
    const heaviest = posts[0];
    const heaviestDetail = heaviest.permalink === site.post.permalink ? seed.with : await download(browser, urlOf(servers.with, heaviest), site.index.posts.find((p) => p.permalink === heaviest.permalink).title);
    if (heaviest.permalink !== site.post.permalink) printDownload(`heaviest (${heaviest.permalink})`, heaviestDetail, true);

    const cold = await coldStart(browser, site, urls, loads);
    for (const [kind, c] of Object.entries(cold)) {
      const arrived = Object.entries(c.medianResponseEndsMs).map(([key, ms]) => `${key} ${fmt(ms)}`).join(', ');
      console.log(`cold start ${coldStartName(kind)}: median ${fmt(c.medianMs)} ms to the first frame with the post (${fmt(c.medianDomMs)} ms in the DOM), ${c.loads} loads: ${c.framesMs.join(' ')}`);
      console.log(`  median ms when each had arrived: document ${fmt(c.medianResponseEndMs)}, ${arrived}; DOMContentLoaded ${fmt(c.medianDomContentLoadedMs)}`);
    }
    return {
      post: site.post.permalink,
      postPath: site.post.path,
      withoutPrerender: method,
      download: seed,
      downloadEveryPost: posts,
      heaviestPost: { ...heaviest, responses: heaviestDetail.responses },
      coldStart: cold,
    };
  } finally {
    await browser.close();
    await servers.with.close();
    await servers.without?.close();
    await rm(site.tmp, { recursive: true, force: true });
  }
}
