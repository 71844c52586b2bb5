// The editor's pure logic under node --test: block split and diff, line mapping, the text
// edits behind Tab / Ctrl+B / Ctrl+I / Ctrl+K (on a window of the text), when a post is hidden
// from readers, and the source highlighter's Markdown (the CodeMirror bundle's entry file,
// imported as it is from node_modules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffBlocks, applyUpdate } from '../../www/js/editor/blocks.js';
import { utf16Column, diagnosticRange, blockAtLine, lineToY, yToLine, lineToYNear, yToLineNear } from '../../www/js/editor/lines.js';
import { CONTEXT, editNear, indent, toggleWrap, makeLink } from '../../www/js/editor/edits.js';
import { EditorState, ensureSyntaxTree, markdown } from '../../scripts/codemirror-entry.mjs';
import { parsePost } from './load-quire.mjs';
import { hiddenReasons, offsetMinutes, todayIn } from '../../www/js/editor/meta.js';

// ---- blocks ----

test('an edit inside one block replaces only that block', () => {
  const plan = diffBlocks(['a', 'b', 'c', 'd'], ['a', 'b2', 'c', 'd']);
  assert.deepEqual(plan, { prefix: 1, suffix: 2, reuse: [-1], removed: [1] });
});

test('an inserted block keeps every other block', () => {
  const plan = diffBlocks(['a', 'b', 'c'], ['a', 'new', 'b', 'c']);
  assert.deepEqual(plan, { prefix: 1, suffix: 2, reuse: [-1], removed: [] });
});

test('a deleted block removes only that block', () => {
  assert.deepEqual(diffBlocks(['a', 'b', 'c'], ['a', 'c']), { prefix: 1, suffix: 1, reuse: [], removed: [1] });
});

test('moved and duplicate blocks are matched by key in order', () => {
  const plan = diffBlocks(['x', 'img', 'hr', 'p', 'hr', 'y'], ['x', 'p', 'hr', 'img', 'hr', 'y']);
  assert.equal(plan.prefix, 1);
  assert.equal(plan.suffix, 2);
  assert.deepEqual(plan.reuse, [3, 2, 1]);
  assert.deepEqual(plan.removed, []);
});

test('identical renders are all prefix and a full rewrite reuses nothing', () => {
  assert.deepEqual(diffBlocks(['a', 'b'], ['a', 'b']), { prefix: 2, suffix: 0, reuse: [], removed: [] });
  assert.deepEqual(diffBlocks(['a', 'b'], ['c']), { prefix: 0, suffix: 0, reuse: [-1], removed: [0, 1] });
  assert.deepEqual(diffBlocks([], ['a']), { prefix: 0, suffix: 0, reuse: [-1], removed: [] });
});

test('prefix and suffix never overlap when a block repeats', () => {
  const plan = diffBlocks(['a', 'a'], ['a', 'a', 'a']);
  assert.equal(plan.prefix + plan.suffix, 2);
  assert.deepEqual(plan.reuse, [-1]);
});

test('the ends a worker update names as unchanged are not compared again, and the plan is the same', () => {
  const before = ['a', 'b', 'c', 'd', 'e'];
  const after = ['a', 'b', 'x', 'd', 'e'];
  assert.deepEqual(diffBlocks(before, after, { same: { prefix: 1, suffix: 1 } }), diffBlocks(before, after));
  // Trusted, not read: keys inside the named ends are taken as equal.
  const plan = diffBlocks(['a', 'b', 'c'], ['A', 'b', 'C'], { same: { prefix: 1, suffix: 1 } });
  assert.deepEqual(plan, { prefix: 2, suffix: 1, reuse: [], removed: [] });
});

test('a worker update of head, middle and tail rebuilds the new block list', () => {
  const oldKeys = ['a', 'b', 'c', 'd'];
  const newKeys = ['a', 'x', 'y', 'd'];
  const { prefix, suffix } = diffBlocks(oldKeys, newKeys, { ends: true });
  assert.deepEqual([prefix, suffix], [1, 1]);
  const middle = newKeys.slice(prefix, newKeys.length - suffix);
  assert.deepEqual(applyUpdate(oldKeys, { prefix, suffix, middle }), newKeys);
  assert.deepEqual(applyUpdate([], { prefix: 0, suffix: 0, middle: ['a'] }), ['a'], 'a fresh worker sends everything');
  assert.throws(() => applyUpdate(['a'], { prefix: 1, suffix: 1, middle: [] }), RangeError);
});

// ---- lines ----

test('a diagnostic selects from its column to the end of its line', () => {
  assert.deepEqual(diagnosticRange('tags: [one, two', 7), [6, 15]);
  assert.deepEqual(diagnosticRange('a😀b: x', 3), [3, 7], 'columns count characters, offsets UTF-16 units');
  assert.deepEqual(diagnosticRange('abc', 9), [0, 3], 'a column past the end selects the whole line');
  assert.deepEqual(diagnosticRange('abc', 0), [0, 3]);
  assert.deepEqual(diagnosticRange('', 1), [0, 0]);
  assert.deepEqual(diagnosticRange('ab\r', 2), [1, 2], 'without the CR of a CRLF');
});

test('columns counted in characters become UTF-16 columns', () => {
  assert.equal(utf16Column('a😀b', 3), 4);
  assert.equal(utf16Column('abc', 2), 2);
  assert.equal(utf16Column('ab', 9), 3);
});

test('the block holding a line is the last one starting at or before it', () => {
  assert.equal(blockAtLine([5, 10, 20], 1), -1);
  assert.equal(blockAtLine([5, 10, 20], 5), 0);
  assert.equal(blockAtLine([5, 10, 20], 19), 1);
  assert.equal(blockAtLine([5, 10, 20], 400), 2);
});

test('scroll positions interpolate between blocks and round-trip', () => {
  const lines = [5, 10, 20];
  const tops = [100, 300, 400];
  assert.equal(lineToY(1, lines, tops, 30, 1000), 0);
  assert.equal(lineToY(5, lines, tops, 30, 1000), 100);
  assert.equal(lineToY(7.5, lines, tops, 30, 1000), 200);
  assert.equal(lineToY(25, lines, tops, 30, 1000), 700);
  for (const line of [1, 3, 5, 7.5, 12, 20, 29]) {
    const y = lineToY(line, lines, tops, 30, 1000);
    assert.ok(Math.abs(yToLine(y, lines, tops, 30, 1000) - line) < 1e-9, `line ${line}`);
  }
  assert.equal(lineToY(3, [], [], 10, 100), 0);
  assert.equal(yToLine(50, [], [], 10, 100), 1);
});

test('scroll mapping reads two block tops per line and a binary search per y, with the same result', () => {
  const lines = [];
  const tops = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(3 + i * 4 + (i % 3)); // ascending, uneven gaps
    tops.push(50 + i * 37 + (i % 7) * 5);
  }
  lines.push(lines.at(-1)); // two blocks on one line
  tops.push(tops.at(-1) + 20);
  let asked = 0;
  const topOf = (i) => {
    asked++;
    return tops[i];
  };
  for (const line of [1, 2, 3, 3.5, 100, 101.25, 2000, 3999, 4005, 4010]) {
    asked = 0;
    assert.equal(lineToYNear(line, lines, topOf, 4010, 40_000), lineToY(line, lines, tops, 4010, 40_000), `line ${line}`);
    assert.ok(asked <= 2, `line ${line}: ${asked} tops read`);
  }
  for (const y of [0, 20, 50, 51, 1000, 20_000, 36_990, 37_000, 39_999]) {
    asked = 0;
    assert.equal(yToLineNear(y, lines, topOf, 4010, 40_000), yToLine(y, lines, tops, 4010, 40_000), `y ${y}`);
    assert.ok(asked <= 14, `y ${y}: ${asked} tops read`);
  }
  assert.equal(lineToYNear(5, [], topOf, 10, 100), 0);
  assert.equal(yToLineNear(5, [], topOf, 10, 100), 1);
});

// ---- edits ----

function apply(text, edit) {
  return text.slice(0, edit.from) + edit.insert + text.slice(edit.to);
}

test('Tab inserts spaces at the cursor and indents every line of a selection', () => {
  const one = indent('ab', 1, 1);
  assert.equal(apply('ab', one), 'a  b');
  assert.deepEqual([one.selectionStart, one.selectionEnd], [3, 3]);
  const text = 'one\ntwo\nthree';
  const many = indent(text, 1, 6);
  assert.equal(apply(text, many), '  one\n  two\nthree');
  assert.deepEqual([many.selectionStart, many.selectionEnd], [0, 11]);
});

test('Shift+Tab outdents, and a selection ending at a line start leaves that line alone', () => {
  const text = '  one\n\ttwo\nthree';
  const out = indent(text, 0, text.length, true);
  assert.equal(apply(text, out), 'one\ntwo\nthree');
  const next = indent('a\nb\nc', 0, 2);
  assert.equal(apply('a\nb\nc', next), '  a\nb\nc');
  const single = indent('    x', 4, 4, true);
  assert.equal(apply('    x', single), '  x');
  assert.equal(single.selectionStart, 2);
});

test('bold and italic wrap a selection and unwrap it again', () => {
  const bold = toggleWrap('a word here', 2, 6, '**');
  assert.equal(apply('a word here', bold), 'a **word** here');
  assert.deepEqual([bold.selectionStart, bold.selectionEnd], [4, 8]);
  const back = toggleWrap('a **word** here', 4, 8, '**');
  assert.equal(apply('a **word** here', back), 'a word here');
  assert.deepEqual([back.selectionStart, back.selectionEnd], [2, 6]);
  const inner = toggleWrap('_x_', 0, 3, '_');
  assert.equal(apply('_x_', inner), 'x');
  const empty = toggleWrap('ab', 1, 1, '_');
  assert.equal(apply('ab', empty), 'a__b');
  assert.deepEqual([empty.selectionStart, empty.selectionEnd], [2, 2]);
});

test('a link wraps the selected text and selects the url to type over', () => {
  const text = 'see docs now';
  const link = makeLink(text, 4, 8);
  assert.equal(apply(text, link), 'see [docs](url) now');
  assert.equal(apply(text, link).slice(link.selectionStart, link.selectionEnd), 'url');
  const url = makeLink('https://x.org', 0, 13);
  const out = apply('https://x.org', url);
  assert.equal(out, '[text](https://x.org)');
  assert.equal(out.slice(url.selectionStart, url.selectionEnd), 'text');
  const none = makeLink('', 0, 0);
  assert.equal(apply('', none), '[text](url)');
});

test('an edit on a window around the selected lines is the edit on the whole text', () => {
  const text = 'one\n**two**\n\n  three _x_\n\tfour\n\nhttps://example.org five\n';
  const lineFrom = (at) => text.lastIndexOf('\n', at - 1) + 1;
  const lineTo = (at) => (text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at));
  const edits = [
    [indent, false],
    [indent, true],
    [toggleWrap, '**'],
    [toggleWrap, '_'],
    [makeLink],
  ];
  let windows = 0;
  for (let start = 0; start <= text.length; start++) {
    for (let end = start; end <= text.length; end++) {
      for (const [edit, ...args] of edits) {
        let read = 0;
        const doc = {
          read: (a, b) => {
            read = b - a;
            return text.slice(a, b);
          },
          length: text.length,
          lineFrom: lineFrom(start),
          lineTo: lineTo(end),
        };
        const local = editNear(doc, start, end, edit, ...args);
        assert.deepEqual(local, edit(text, start, end, ...args), `${edit.name}(${args}) on [${start}, ${end})`);
        assert.ok(read <= doc.lineTo - doc.lineFrom + 2 * CONTEXT);
        if (read < text.length) windows++;
      }
    }
  }
  assert.ok(windows > 0, 'most edits read less than the text');
});

// ---- meta ----

const NOW = new Date('2024-06-01T22:30:00Z'); // June 2 already in Tokyo, June 1 in New York

test('the site offset is the wall clock of its time zone minus UTC, summer time included', () => {
  assert.equal(offsetMinutes('Asia/Tokyo', NOW), 540);
  assert.equal(offsetMinutes('America/New_York', NOW), -240);
  assert.equal(offsetMinutes('America/New_York', new Date('2024-01-15T12:00:00.999Z')), -300);
  assert.equal(offsetMinutes('Asia/Kolkata', NOW), 330);
});

test('a date-only post is in the future by the site time zone calendar', () => {
  const future = (date, timezone) => hiddenReasons({ draft: false, date }, { timezone }, NOW).length === 1;
  assert.equal(future('2024-06-02', 'Asia/Tokyo'), false);
  assert.equal(future('2024-06-02', 'America/New_York'), true);
  assert.equal(future('2024-06-01T20:00:00', 'America/New_York'), true, '18:30 there');
});

test('hidden reasons name the draft and the future date, unless the site shows future posts', () => {
  const post = { draft: true, date: '2030-01-01', frontMatter: {} };
  const reasons = hiddenReasons(post, { timezone: 'Europe/Paris' }, NOW);
  assert.equal(reasons.length, 2);
  assert.match(reasons[0], /draft/);
  assert.match(reasons[1], /future.*Europe\/Paris/);
  assert.equal(hiddenReasons({ ...post, draft: false }, { timezone: 'Europe/Paris', future: true }, NOW).length, 0);
  assert.deepEqual(hiddenReasons({ draft: false, date: '2020-01-01', frontMatter: {} }, null, NOW), []);
  assert.equal(hiddenReasons({ draft: false, date: '2030-01-01', frontMatter: {} }, { timezone: 'Not/AZone' }, NOW).length, 1);
});

test('today is the date on the site\'s wall clock', () => {
  assert.equal(todayIn('Asia/Tokyo', NOW), '2024-06-02');
  assert.equal(todayIn('America/New_York', NOW), '2024-06-01');
});

test('with no site time zone the offset and today follow the browser zone, also after it changes', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Tokyo';
    assert.equal(offsetMinutes(undefined, NOW), 540);
    assert.equal(todayIn(undefined, NOW), '2024-06-02');
    process.env.TZ = 'America/New_York';
    assert.equal(offsetMinutes(undefined, NOW), -240);
    assert.equal(todayIn(undefined, NOW), '2024-06-01');
    assert.equal(offsetMinutes('Not/AZone', NOW), -240, 'an unknown zone is the browser zone');
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

// ---- source highlighting ----

function syntax(doc) {
  const state = EditorState.create({ doc, extensions: markdown() });
  return ensureSyntaxTree(state, doc.length, 5_000).toString();
}

test('front matter is one block for the highlighter, not a rule and a heading', () => {
  assert.equal(
    syntax('---\ntitle: Hi\n---\n\n# Head\n\nSome *text*.\n'),
    'Document(FrontMatter(FrontMatterMark,FrontMatterMark),ATXHeading1(HeaderMark),Paragraph(Emphasis(EmphasisMark,EmphasisMark)))',
  );
  assert.match(syntax('+++\ntitle = "x"\n+++\nBody.\n'), /^Document\(FrontMatter\(/);
  assert.match(syntax('\uFEFF---\na: 1\n---\n'), /^Document\(FrontMatter\(/);
  assert.equal(syntax('---\n\nA paragraph.\n'), 'Document(HorizontalRule,Paragraph)', 'a rule followed by a blank line');
  assert.equal(syntax('Text\n\n---\ntitle: x\n---\n'), 'Document(Paragraph,HorizontalRule,SetextHeading2(HeaderMark))', 'only at the start');
  assert.match(syntax('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done ~~no~~\n'), /Table.*TaskMarker.*Strikethrough/, 'GFM too');
});

test('a posts folder lists the files quire build takes for posts, and only those', async () => {
  const { isPostName, isMarkdownName } = await import('../../www/js/editor/files.js');
  for (const name of ['a.md', 'B.MARKDOWN', 'c.mdown', 'd.mkd']) assert.ok(isPostName(name), name);
  for (const name of ['notes.txt', '.hidden.md', 'a.md.bak', 'image.png']) assert.ok(!isPostName(name), name);
  // A file opened by hand may also be plain text.
  assert.ok(isMarkdownName('notes.txt'));
});
