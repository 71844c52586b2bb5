// `make bench`'s Node row: Quire's parsePost (www/pkg-full) beside
// gray-matter + markdown-it (bench/stack.js) in Node, on the inputs bench/run.mjs wrote to
// target/bench/inputs/, timed by the same loop as the Chromium page (bench/sampler.js).
//
//   node bench/node.mjs [--quick]
//
// Prints a line per input and renderer and writes target/bench/node.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import markdownit from 'markdown-it';
import { parse as parseToml } from 'smol-toml';
import { grayMatterMarkdownIt } from './stack.js';
import { measure, sizeInputs } from './sampler.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = path.join(ROOT, 'target/bench/inputs');
const QUICK = process.argv.includes('--quick');

// The full module, as in the page (bench/page.js): it renders every input.
const quire = await import(new URL('../www/pkg-full/quire.js', import.meta.url).href);
quire.initSync({ module: readFileSync(path.join(ROOT, 'www/pkg-full/quire_bg.wasm')) });
const matter = createRequire(import.meta.url)('gray-matter');
const stack = grayMatterMarkdownIt({ matter, md: markdownit(), parseToml });

const IMPLS = {
  'quire parsePost': { input: 'source', fn: (item) => quire.parsePost(item.source, { path: item.path }) },
  'gray-matter+markdown-it': { input: 'source', fn: (item) => stack(item.source) },
};

// The floor, as in the page: bare pulldown-cmark behind parsePost's boundary, when built.
const FLOOR = path.join(ROOT, 'target/bench/floor');
if (existsSync(path.join(FLOOR, 'quire_bg.wasm'))) {
  const floor = await import(new URL('../target/bench/floor/quire.js', import.meta.url).href);
  floor.initSync({ module: readFileSync(path.join(FLOOR, 'quire_bg.wasm')) });
  IMPLS['bare pulldown-cmark'] = { input: 'body', fn: (item) => floor.bareMarkdown(item.body) };
}

const manifest = JSON.parse(readFileSync(path.join(INPUTS, 'manifest.json'), 'utf8'));
const inputs = {};
for (const input of manifest.inputs) {
  const source = readFileSync(path.join(INPUTS, input.file), 'utf8');
  const body = readFileSync(path.join(INPUTS, input.bodyFile), 'utf8');
  inputs[input.name] = { items: [{ path: input.path, source, body }], batch: false };
}
sizeInputs(inputs);

const timing = { warmCalls: 3, warmMs: QUICK ? 100 : 300, minRounds: QUICK ? 3 : 7, minMsPerImpl: QUICK ? 300 : 1000, maxRounds: 40 };
const rows = [];
for (const name of Object.keys(inputs)) {
  for (const r of measure(inputs, name, IMPLS, Object.keys(IMPLS), timing)) {
    rows.push(r);
    const failed = r.failures.length ? `  (${r.failures.length} failed: ${r.failures[0]})` : '';
    console.log(`${name.padEnd(12)} ${r.impl.padEnd(24)} ${r.mbps.toFixed(1).padStart(8)} MB/s  ${r.medianMs.toFixed(3).padStart(9)} ms  x${r.samples}${failed}`);
  }
}
writeFileSync(path.join(ROOT, 'target/bench/node.json'), JSON.stringify({ node: process.version, rows }, null, 2));
