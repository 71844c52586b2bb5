// Copies the blog's two browser libraries from node_modules into www/vendor/ (gitignored;
// `make vendor`), so the site serves them itself: no CDN, CSP `script-src 'self'` holds.
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
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Writes the vendored libraries into `out` (replacing what was there). */
export async function vendor(out = path.join(ROOT, 'www/vendor')) {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await Promise.all([highlight(out), katex(out)]);
  await writeFile(path.join(out, 'README.txt'), 'Copied from node_modules by scripts/vendor.mjs (make vendor). Do not edit.\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? path.resolve(args[at + 1]) : undefined;
  try {
    await vendor(out);
    console.log(`vendored highlight.js and KaTeX into ${path.relative(process.cwd(), out ?? path.join(ROOT, 'www/vendor')) || '.'}`);
  } catch (err) {
    console.error(`vendor: ${err.message} (run \`npm ci\` first?)`);
    process.exit(1);
  }
}
