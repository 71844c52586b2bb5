// `make bench-serve`: how soon `quire serve` shows an edited post on a big blog.
//
//   node bench/serve.mjs [--quire target/release/quire] [--posts 10000] [--edits 5]
//
//  1. site     target/bench/serve/: the Rust blog of the shared corpus repeated to 10,000 posts
//              (bench/corpus.mjs), as an author's folder (no build).
//  2. start    `quire serve` started on it: time until it prints its address.
//  3. edits    one post edited at a time (a paragraph added at its end): time from the write to
//              the moment its page, fetched from the server, shows the new paragraph. Median and
//              the slowest of the runs; the server's own "rebuilt in" lines are shown as well.
//  4. memory   the server's peak resident memory (VmHWM) after the edits.
//
// Prints the numbers and writes target/bench/serve.json.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, repeated, rustBlog } from './corpus.mjs';
import { option } from './options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'target/bench/serve');
const QUIRE = path.resolve(ROOT, option('quire', 'target/release/quire'));
const POSTS = Number(option('posts', '10000'));
const EDITS = Number(option('edits', '5'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!existsSync(QUIRE)) {
  console.error(`no quire binary at ${QUIRE} (cargo build --release -p quire-cli)`);
  process.exit(1);
}
if (!existsSync(CORPUS)) {
  console.error(`no corpus at ${CORPUS}: bench-serve needs the shared corpus`);
  process.exit(1);
}

const site = path.join(OUT, 'site');
await rm(OUT, { recursive: true, force: true });
const posts = repeated(await rustBlog(), POSTS);
for (const [rel, text] of posts) {
  const file = path.join(site, 'posts', rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
await writeFile(path.join(site, '_config.yml'), 'title: Serve bench\n');

/** `quire serve` on the site: its URL once it listens, and every line it prints to stderr. */
async function start() {
  const child = spawn(QUIRE, ['serve', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let pending = '';
  child.stderr.on('data', (chunk) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop();
    lines.push(...parts);
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/127\.0\.0\.1:\d+\/?/);
      if (found) resolve(found[0].replace(/\/?$/, '/'));
    });
    child.on('exit', (code) => reject(new Error(`quire serve exited (${code}): ${lines.join('\n')}`)));
  });
  return { child, url, lines };
}

const started = performance.now();
const server = await start();
const startMs = performance.now() - started;
console.log(`${posts.length} posts: quire serve listening after ${(startMs / 1000).toFixed(2)} s`);

const all = await (await fetch(new URL('posts/index/all.json', server.url))).json();
const byPath = new Map(all.posts.map((p) => [p.path, p.permalink]));
const times = [];
try {
  for (let n = 0; n < EDITS; n++) {
    // A different post each time, spread over the site.
    const [rel, text] = posts[Math.floor(((n + 0.5) * posts.length) / EDITS)];
    const permalink = byPath.get(`posts/${rel}`);
    if (!permalink) throw new Error(`posts/${rel} is not in the index`);
    const marker = `Edited while serving, run ${n}.`;
    const before = server.lines.length;
    const t0 = performance.now();
    await writeFile(path.join(site, 'posts', rel), `${text}\n\n${marker}\n`);
    for (;;) {
      const page = await fetch(new URL(permalink.replace(/^\//, ''), server.url));
      if ((await page.text()).includes(marker)) break;
      if (performance.now() - t0 > 120_000) throw new Error(`${permalink} never showed the edit`);
      await sleep(20);
    }
    const ms = performance.now() - t0;
    times.push(ms);
    const said = server.lines.slice(before).find((line) => line.startsWith('rebuilt in')) ?? '';
    console.log(`  edit ${n + 1}: shown after ${ms.toFixed(0)} ms (${said.split(':')[0]})`);
    await sleep(300);
  }
} finally {
  const status = existsSync(`/proc/${server.child.pid}/status`) ? await readFile(`/proc/${server.child.pid}/status`, 'utf8') : '';
  const peak = status.match(/VmHWM:\s+(\d+) kB/);
  server.child.kill();
  const result = {
    posts: posts.length,
    startSeconds: startMs / 1000,
    editShownMs: { median: median(times), max: Math.max(...times), runs: times },
    peakRssMB: peak ? Number(peak[1]) / 1024 : null,
  };
  console.log(`one edited post shown: median ${result.editShownMs.median.toFixed(0)} ms, slowest ${result.editShownMs.max.toFixed(0)} ms`);
  if (result.peakRssMB) console.log(`peak resident memory of quire serve: ${result.peakRssMB.toFixed(0)} MB`);
  await writeFile(path.join(ROOT, 'target/bench/serve.json'), `${JSON.stringify(result, null, 2)}\n`);
}
