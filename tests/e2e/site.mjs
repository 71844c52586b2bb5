// Built sites for the browser tests: a site of fixture posts (content only, as `quire init`
// makes them) in a temporary directory, built by the `quire` CLI (which carries the runtime)
// into its public/ folder, served by scripts/static-server.mjs (optionally under a base path).
//
//   const bin = quireBinary();            // null: not built yet (tests skip, saying so)
//   const site = await buildSite({ posts: { '2024-01-15-a.md': '...' }, config: 'paginate: 3\n' });
//   const server = await serveSite(site, { prefix: '/blog' });   // serves site.out
//   ...; await server.close(); await site.remove();
import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from '../../scripts/static-server.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WWW = path.join(ROOT, 'www');
/** The sample blog, a site like any user's. */
export const EXAMPLE = path.join(ROOT, 'examples/blog');

/**
 * The `quire` binary: $QUIRE_BIN, else the newest of target/debug/quire and
 * target/release/quire (`make cli` / `cargo build --bin quire`), else null.
 */
export function quireBinary() {
  if (process.env.QUIRE_BIN) return process.env.QUIRE_BIN;
  const candidates = ['target/debug/quire', 'target/release/quire']
    .map((p) => path.join(ROOT, p))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return candidates[0] ?? null;
}

export const NO_QUIRE =
  'the quire CLI is not built: run `make cli` (or `cargo build --bin quire`), or set QUIRE_BIN';

/** Options for node:test's `test()` that skip it, with the reason, while there is no CLI. */
export function needsQuire(options = {}) {
  return quireBinary() ? options : { ...options, skip: NO_QUIRE };
}

/** Runs `quire ARGS...`; rejects with its stderr when it fails. */
export async function runQuire(...args) {
  const bin = quireBinary();
  if (!bin) throw new Error(NO_QUIRE);
  try {
    return await promisify(execFile)(bin, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`quire ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/**
 * A site in a new temporary directory, built into its public/ folder. posts / pages:
 * { 'file.md': source }; copy: files of the sample blog's posts/ to include as they are;
 * config: the text of _config.yml; build: false to only write the site. Resolves to
 * { dir (the site), out (what `quire build` wrote), index (posts/index.json, with `posts`:
 * every post, from posts/index/all.json), remove() }.
 */
export async function buildSite({ posts = {}, pages = {}, copy = [], config = '', build = true } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quire-site-'));
  const out = path.join(dir, 'public');
  try {
    await mkdir(path.join(dir, 'posts'), { recursive: true });
    await mkdir(path.join(dir, 'pages'), { recursive: true });
    for (const name of copy) await cp(path.join(EXAMPLE, 'posts', name), path.join(dir, 'posts', name));
    for (const [name, source] of Object.entries(posts)) await writeFile(path.join(dir, 'posts', name), source);
    for (const [name, source] of Object.entries(pages)) await writeFile(path.join(dir, 'pages', name), source);
    await writeFile(path.join(dir, '_config.yml'), config);
    if (build) await runQuire('build', dir, '--out', out);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const index = build ? await readIndex(out) : null;
  return { dir, out, index, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** posts/index.json of a built site, with every post (posts/index/all.json) as `posts`. */
export async function readIndex(out) {
  const index = JSON.parse(await readFile(path.join(out, 'posts/index.json'), 'utf8'));
  const all = JSON.parse(await readFile(path.join(out, 'posts/index/all.json'), 'utf8'));
  return { ...index, posts: all.posts };
}

/** Serves a built site's output folder (under `prefix`, e.g. '/blog', if given). */
export function serveSite(site, { prefix = '' } = {}) {
  return startServer({ root: site.out, host: '127.0.0.1', port: 0, prefix });
}

/** A page's problems: console errors (with where they came from) and uncaught errors. */
export function collectProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push({ text: `console error: ${msg.text()}`, url: msg.location()?.url ?? '' });
  });
  page.on('pageerror', (err) => problems.push({ text: `page error: ${err.message}`, url: '' }));
  return problems;
}

/**
 * The problems, less the one a 404.html page always has: the browser reports the document's
 * own 404 status ("Failed to load resource") although the page works, as on GitHub Pages.
 */
export function unexpected(problems, { documentUrls = [] } = {}) {
  return problems
    .filter((p) => !(documentUrls.includes(p.url) && /Failed to load resource: .*404/.test(p.text)))
    .map((p) => `${p.text}${p.url ? ` (${p.url})` : ''}`);
}

/** Runs `quire serve DIR --port 0`; resolves to { url, output(), close() } once it listens. */
export async function startQuireServe(dir) {
  const bin = quireBinary();
  if (!bin) throw new Error(NO_QUIRE);
  const child = spawn(bin, ['serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`quire serve did not start in 30 s: ${out}${log}`)), 30_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = / on (http:\/\/\S+\/) /.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      exited.then((code) => reject(new Error(`quire serve exited (${code}): ${out}${log}`)));
    });
    return { url, output: () => log, close };
  } catch (err) {
    await close();
    throw err;
  }
}
