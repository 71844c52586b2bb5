// Copies the blog's two browser libraries from node_modules into www/vendor/ (gitignored;
// `make vendor`), and bundles the editor's CodeMirror with esbuild, so the site serves them
// itself: no CDN, CSP `script-src 'self'` holds.
//
//   node scripts/vendor.mjs [--out www/vendor]
//
// Also imported by the browser tests: `await vendor(outDir)`.
//
//   vendor/highlight/core.js            highlight.js core as an ES module (the npm package's
//                                       es/core.js only re-exports its CommonJS build, so the
//                                       CommonJS file is wrapped here; it requires nothing)
//   vendor/highlight/languages/NAME.js  every language, ES modules from the package
//   vendor/highlight/aliases.js         alias or name ("rs", "rust") -> language file name
//   vendor/highlight/github{,-dark}.min.css   one light and one dark theme
//   vendor/katex/katex.mjs, katex.min.css, fonts/
//   vendor/codemirror/codemirror.js     CodeMirror 6 for the editor: scripts/codemirror-entry.mjs
//                                       bundled and minified (one ES module, no eval)
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MODULES = path.join(ROOT, 'node_modules');
const require = createRequire(path.join(ROOT, 'package.json'));

async function highlight(out) {
  const pkg = path.join(MODULES, 'highlight.js');
  const dir = path.join(out, 'highlight');
  await mkdir(path.join(dir, 'languages'), { recursive: true });

  const core = await readFile(path.join(pkg, 'lib/core.js'), 'utf8');
  if (/\brequire\(/.test(core)) throw new Error('highlight.js lib/core.js requires other files: update scripts/vendor.mjs');
  await writeFile(
    path.join(dir, 'core.js'),
    `// highlight.js ${require('highlight.js/package.json').version} core (BSD-3-Clause), its CommonJS build wrapped as an ES module by scripts/vendor.mjs.\n` +
      `const module = { exports: {} };\n${core}\nexport default module.exports;\n`,
  );

  // es/languages has NAME.js (ES modules) and NAME.js.js (deprecation shims): take the former.
  const files = (await readdir(path.join(pkg, 'es/languages'))).filter((f) => /^[a-z0-9-]+\.js$/.test(f));
  await Promise.all(files.map((f) => cp(path.join(pkg, 'es/languages', f), path.join(dir, 'languages', f))));

  // Aliases as the languages themselves declare them (the CommonJS build registers them all).
  const hljs = require('highlight.js');
  const aliases = {};
  for (const file of files.map((f) => f.slice(0, -3))) {
    const language = hljs.getLanguage(file);
    if (!language) continue;
    for (const alias of [file, ...(language.aliases ?? [])]) {
      const key = alias.toLowerCase();
      if (!Object.hasOwn(aliases, key) || key === file) aliases[key] = file;
    }
  }
  const sorted = Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(
    path.join(dir, 'aliases.js'),
    `// Written by scripts/vendor.mjs: a fence's language (name or alias) -> highlight/languages/ file.\nexport default ${JSON.stringify(sorted, null, 1)};\n`,
  );
  for (const theme of ['github.min.css', 'github-dark.min.css']) {
    await cp(path.join(pkg, 'styles', theme), path.join(dir, theme));
  }
  await cp(path.join(pkg, 'LICENSE'), path.join(dir, 'LICENSE'));
}

async function katex(out) {
  const dist = path.join(MODULES, 'katex/dist');
  const dir = path.join(out, 'katex');
  await mkdir(dir, { recursive: true });
  for (const file of ['katex.mjs', 'katex.min.css']) await cp(path.join(dist, file), path.join(dir, file));
  await cp(path.join(dist, 'fonts'), path.join(dir, 'fonts'), { recursive: true });
  await cp(path.join(MODULES, 'katex/LICENSE'), path.join(dir, 'LICENSE'));
}

const CODEMIRROR_PACKAGES = ['@codemirror/state', '@codemirror/view', '@codemirror/commands', '@codemirror/language', '@lezer/common', '@lezer/highlight', '@lezer/markdown'];

/** Bundles scripts/codemirror-entry.mjs; resolves to its sizes { raw, gzip, brotli } in bytes. */
async function codemirror(out) {
  const { build } = await import('esbuild');
  const dir = path.join(out, 'codemirror');
  const versionOf = async (name) => JSON.parse(await readFile(path.join(MODULES, name, 'package.json'), 'utf8')).version;
  const versions = (await Promise.all(CODEMIRROR_PACKAGES.map(async (name) => `${name} ${await versionOf(name)}`))).join(', ');
  const result = await build({
    entryPoints: [path.join(ROOT, 'scripts/codemirror-entry.mjs')],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    banner: { js: `// CodeMirror 6 (MIT, see LICENSE): ${versions}. Bundled from scripts/codemirror-entry.mjs by scripts/vendor.mjs.` },
    outfile: path.join(dir, 'codemirror.js'),
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  if (/\beval\(|new Function\(/.test(Buffer.from(code).toString('utf8'))) throw new Error('the CodeMirror bundle uses eval: the CSP forbids it');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'codemirror.js'), code);
  const licenses = await Promise.all(
    ['@codemirror/view', '@lezer/markdown'].map(async (name) => `${name} and its siblings:\n\n${await readFile(path.join(MODULES, name, 'LICENSE'), 'utf8')}`),
  );
  await writeFile(path.join(dir, 'LICENSE'), licenses.join('\n'));
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Writes the vendored libraries into `out` (replacing what was there). Resolves to the CodeMirror bundle's sizes. */
export async function vendor(out = path.join(ROOT, 'www/vendor')) {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const [, , sizes] = await Promise.all([highlight(out), katex(out), codemirror(out)]);
  await writeFile(path.join(out, 'README.txt'), 'Copied from node_modules by scripts/vendor.mjs (make vendor). Do not edit.\n');
  return sizes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? path.resolve(args[at + 1]) : undefined;
  try {
    const sizes = await vendor(out);
    console.log(`vendored highlight.js and KaTeX into ${path.relative(process.cwd(), out ?? path.join(ROOT, 'www/vendor')) || '.'}`);
    console.log(`bundled CodeMirror: codemirror/codemirror.js ${kb(sizes.raw)}, ${kb(sizes.gzip)} gzip, ${kb(sizes.brotli)} brotli`);
  } catch (err) {
    console.error(`vendor: ${err.message} (run \`npm ci\` first?)`);
    process.exit(1);
  }
}
