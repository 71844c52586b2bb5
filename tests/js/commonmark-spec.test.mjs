// Every example of the CommonMark spec (npm package commonmark-spec), rendered with
// renderMarkdown(markdown, { preset: 'commonmark' }) and compared with the expected HTML.
//
// Two transformations, both from the spec's own test runner (cmark's test/spec_tests.py):
// - Notation: in spec.txt a tab is written "→"; the runner turns every "→" back into a tab, in
//   the Markdown and in the HTML. The package's `tests` list keeps the "→", so we do the same.
// - One HTML normalization, a subset of the runner's normalize.py: whitespace right after an
//   opening `<li>` and before a tag is dropped (normalize.py strips whitespace after every block
//   start tag), so `<li>\n<div>` equals `<li><div>`. Nothing else: a `"` in text is NOT equal
//   to `&quot;` (normalize.py keeps them apart too). The summary line also counts byte-exact
//   matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { renderMarkdown } from './load-quire.mjs';

const require = createRequire(import.meta.url);
const spec = require('commonmark-spec');
const specVersion = require('commonmark-spec/package.json').version;

const untab = (text) => text.replaceAll('→', '\t');
const normalize = (html) => html.replace(/<li>\s+</g, '<li><');

test('renders every CommonMark spec example exactly as the spec expects', () => {
  const examples = spec.tests.map((ex) => ({ ...ex, markdown: untab(ex.markdown), html: untab(ex.html) }));
  assert.ok(examples.length > 600, `only ${examples.length} examples found`);

  const failures = [];
  let exact = 0;
  for (const ex of examples) {
    let actual;
    try {
      actual = renderMarkdown(ex.markdown, { preset: 'commonmark' });
    } catch (err) {
      actual = `threw ${err}`;
    }
    if (actual === ex.html) exact++;
    else if (normalize(actual) !== normalize(ex.html)) failures.push({ ...ex, actual });
  }

  const passed = examples.length - failures.length;
  console.log(
    `commonmark: ${passed}/${examples.length} examples pass ` +
      `(${exact} byte-exact, spec ${specVersion})`,
  );
  for (const f of failures.slice(0, 20)) {
    console.log(
      `\nexample ${f.number} (${f.section})\n  markdown: ${JSON.stringify(f.markdown)}\n` +
        `  expected: ${JSON.stringify(f.html)}\n  actual:   ${JSON.stringify(f.actual)}`,
    );
  }
  if (failures.length > 20) console.log(`\n... and ${failures.length - 20} more`);

  assert.equal(
    failures.length,
    0,
    `failing examples: ${failures.map((f) => f.number).join(', ')}`,
  );
});
