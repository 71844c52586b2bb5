// The editor's render pipeline without a browser: edits gathered while a render is in flight
// (renderer.js compose) and the wasm Draft's block updates, which must always add up to what
// parsePost gives for the whole text, at JavaScript string offsets (emoji included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compose } from '../../www/js/editor/renderer.js';
import { applyUpdate } from '../../www/js/editor/blocks.js';
import { Draft, parsePost, SEED_SOURCE } from './load-quire.mjs';

/** A small deterministic generator, so a failure replays. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % Math.max(1, n);
  };
}

const SNIPPETS = ['a', ' ', '\n', '\n\n', '# ', '*', '`', '```\n', '- ', '> ', '===\n', '|', '[', ']', '😀', 'é', '[ref]', '<div>\n'];

function randomEdit(rand, text) {
  const from = rand(text.length + 1);
  const to = Math.min(text.length, from + (rand(3) === 0 ? rand(20) : 0));
  const insert = rand(4) === 0 ? '' : SNIPPETS[rand(SNIPPETS.length)];
  return { from, to, insert };
}

const apply = (text, { from, to, insert }) => text.slice(0, from) + insert + text.slice(to);

test('edits made while a render is in flight fold into one change of the text the worker has', () => {
  const rand = rng(42);
  for (let round = 0; round < 300; round++) {
    const worker = 'The quick brown fox jumps over the lazy dog.\n'.repeat(1 + rand(4));
    let text = worker;
    let pending = null;
    for (let k = 0, n = 1 + rand(6); k < n; k++) {
      const edit = randomEdit(rand, text);
      text = apply(text, edit);
      pending = compose(pending, edit.from, edit.to, edit.insert.length);
    }
    const sent = worker.slice(0, pending.from) + text.slice(pending.from, pending.end) + worker.slice(pending.to);
    assert.equal(sent, text, `round ${round}`);
  }
});

/** A draft's blocks, kept up to date from its updates as the page does. */
function follow(draft, update, keys) {
  const next = applyUpdate(keys, update);
  assert.equal(draft.lines().length, next.length, 'one line per block');
  return next;
}

test('a draft edited at JavaScript string offsets shows what parsePost shows for the whole text', () => {
  const rand = rng(7);
  let text = `${SEED_SOURCE}\nAn emoji 😀 and an accent é, then more text.\n\n${SEED_SOURCE.split('\n---\n').pop()}`;
  const draft = new Draft({ path: 'posts/2024-01-15-x.md' });
  let keys = follow(draft, draft.load(text), []);
  let windowed = 0;
  for (let step = 0; step < 150; step++) {
    const edit = randomEdit(rand, text);
    // Never split a surrogate pair: the editor never does.
    if (/[\uDC00-\uDFFF]/.test(text[edit.from] ?? '') || /[\uDC00-\uDFFF]/.test(text[edit.to] ?? '')) continue;
    text = apply(text, edit);
    const update = draft.edit(edit.from, edit.to, edit.insert);
    windowed += update.incremental ? 1 : 0;
    keys = follow(draft, update, keys);
    const fresh = new Draft({ path: 'posts/2024-01-15-x.md' });
    const whole = fresh.load(text);
    assert.deepEqual(keys, whole.middle, `step ${step}: blocks differ`);
    assert.deepEqual([...draft.lines()], [...fresh.lines()], `step ${step}: lines differ`);
    const post = parsePost(text, { path: 'posts/2024-01-15-x.md' });
    assert.equal(update.post.title, post.title);
    assert.equal(update.post.wordCount, post.wordCount);
    assert.deepEqual(update.post.diagnostics, post.diagnostics);
    assert.equal(keys.join('').replace(/\n/g, ''), post.html.replace(/ data-line="\d+"/g, '').replace(/\n/g, ''), `step ${step}: not the post's HTML`);
    fresh.free();
  }
  assert.ok(windowed > 50, `only ${windowed} of 150 edits were rendered by window`);
  draft.free();
});
