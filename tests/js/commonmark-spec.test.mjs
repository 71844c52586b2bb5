// Every example of the CommonMark spec (npm package commonmark-spec), rendered with
// renderMarkdown(markdown, { preset: 'commonmark' }) and compared with the expected HTML.
//
// Comparison is exact. The one transformation is the spec file's own notation: in spec.txt a
// tab is written "→", and the spec's test runner (cmark's test/spec_tests.py) turns every "→"
// back into a tab, in the Markdown and in the HTML. The package's `tests` list keeps the "→",
// so this file does the same replacement. No HTML normalization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { renderMarkdown } from './load-quire.mjs';

const require = createRequire(import.meta.url);
const spec = require('commonmark-spec');
const specVersion = require('commonmark-spec/package.json').version;

const untab = (text) => text.replaceAll('→', '\t');

test('renders every CommonMark spec example exactly as the spec expects', () => {
  const examples = spec.tests.map((ex) => ({ ...ex, markdown: untab(ex.markdown), html: untab(ex.html) }));
  assert.ok(examples.length > 600, `only ${examples.length} examples found`);

  const failures = [];
  for (const ex of examples) {
    let actual;
    try {
      actual = renderMarkdown(ex.markdown, { preset: 'commonmark' });
    } catch (err) {
      actual = `threw ${err}`;
    }
    if (actual !== ex.html) failures.push({ ...ex, actual });
  }

  const passed = examples.length - failures.length;
  console.log(`commonmark: ${passed}/${examples.length} examples pass (spec ${specVersion})`);
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
