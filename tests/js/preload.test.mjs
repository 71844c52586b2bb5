// The page template (www/index.html) names every module of the shell's static import graph as a
// modulepreload, so a cold load fetches them all at once instead of one import level after
// another. This keeps the list equal to what js/app.js really imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));

/** The files a module imports statically (`import … from './x.js'`; not `import()`), relative to www/. */
function staticImports(rel) {
  const text = readFileSync(path.join(WWW, rel), 'utf8');
  const found = [];
  for (const m of text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    found.push(path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1])));
  }
  return found;
}

function graphOf(entry) {
  const seen = new Set();
  const walk = (rel) => {
    for (const dep of staticImports(rel)) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      walk(dep);
    }
  };
  walk(entry);
  return seen;
}

test("the page template preloads exactly the modules app.js imports, at every depth", () => {
  const template = readFileSync(path.join(WWW, 'index.html'), 'utf8');
  const preloaded = [...template.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  const graph = graphOf('js/app.js');
  assert.ok(graph.has('js/blog/views.js') && graph.has('js/fetch.js'), 'the walk follows imports of imports');
  assert.deepEqual([...preloaded].sort(), [...graph].sort());
  assert.equal(new Set(preloaded).size, preloaded.length, 'each module once');
});
