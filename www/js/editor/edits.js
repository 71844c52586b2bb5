// Pure text edits behind the editor's keys: Tab indent/outdent, bold, italic, link.
// Each returns one replacement { from, to, insert, selectionStart, selectionEnd } for the
// editor to apply as a single undoable change. No DOM here (unit-tested under node).
//
// None of them needs the whole document: each looks only at the lines its selection touches
// and at most CONTEXT characters beyond them, so the editor hands them that window
// (editNear) and a keystroke costs the same in a 1 MB post as in a short one.

export const INDENT = '  ';

/** How far past the touched lines an edit looks (the longest marker, `**`). */
export const CONTEXT = 2;

/**
 * Runs `edit(text, start, end, ...args)` (one of the functions below) on a window of a long
 * document rather than on all of it. `read(from, to)` gives the document's text between two
 * offsets and `length` its length; [lineFrom, lineTo) spans the lines the selection
 * [start, end) touches. Returns the edit in document offsets: the same edit the function
 * gives on the whole text.
 */
export function editNear({ read, length, lineFrom, lineTo }, start, end, edit, ...args) {
  const from = Math.max(0, lineFrom - CONTEXT);
  const to = Math.min(length, lineTo + CONTEXT);
  const e = edit(read(from, to), start - from, end - from, ...args);
  return {
    from: e.from + from,
    to: e.to + from,
    insert: e.insert,
    selectionStart: e.selectionStart + from,
    selectionEnd: e.selectionEnd + from,
  };
}

/**
 * Tab / Shift+Tab. Without a multi-line selection, Tab inserts INDENT at the cursor (replacing
 * the selection); with one, every touched line is indented. Shift+Tab removes up to one
 * INDENT (or a tab) from the start of every touched line.
 */
export function indent(text, start, end, outdent = false) {
  const multiLine = text.slice(start, end).includes('\n');
  if (!outdent && !multiLine) {
    return { from: start, to: end, insert: INDENT, selectionStart: start + INDENT.length, selectionEnd: start + INDENT.length };
  }
  const from = text.lastIndexOf('\n', start - 1) + 1;
  // A selection ending right after a line break does not touch the next line.
  const last = end > start && text[end - 1] === '\n' ? end - 1 : end;
  let to = text.indexOf('\n', last);
  if (to === -1) to = text.length;
  const lines = text.slice(from, to).split('\n');
  let firstDelta = 0;
  const changed = lines.map((line, i) => {
    let next;
    if (outdent) {
      const strip = line.startsWith('\t') ? 1 : line.length - line.replace(/^ {1,2}/, '').length;
      next = line.slice(strip);
    } else {
      next = INDENT + line;
    }
    const delta = next.length - line.length;
    if (i === 0) firstDelta = delta;
    return next;
  });
  const insert = changed.join('\n');
  if (!multiLine) {
    const pos = Math.max(from, start + firstDelta);
    return { from, to, insert, selectionStart: pos, selectionEnd: Math.max(from, end + firstDelta) };
  }
  // A multi-line selection ends up covering the whole touched lines.
  return { from, to, insert, selectionStart: from, selectionEnd: from + insert.length };
}

/**
 * Wraps the selection in `marker` (`**` bold, `_` italic), or unwraps it when it is already
 * wrapped (inside or just outside the selection). With no selection, inserts the pair and
 * puts the cursor between.
 */
export function toggleWrap(text, start, end, marker) {
  const n = marker.length;
  const selected = text.slice(start, end);
  if (selected.length >= 2 * n && selected.startsWith(marker) && selected.endsWith(marker)) {
    const inner = selected.slice(n, selected.length - n);
    return { from: start, to: end, insert: inner, selectionStart: start, selectionEnd: start + inner.length };
  }
  if (start >= n && text.slice(start - n, start) === marker && text.slice(end, end + n) === marker) {
    return { from: start - n, to: end + n, insert: selected, selectionStart: start - n, selectionEnd: end - n };
  }
  return {
    from: start,
    to: end,
    insert: marker + selected + marker,
    selectionStart: start + n,
    selectionEnd: end + n,
  };
}

/**
 * Makes the selection a link: `[text](url)` with `url` selected, ready to type over. A
 * selection that looks like a URL becomes the target instead, with the text selected.
 */
export function makeLink(text, start, end) {
  const selected = text.slice(start, end);
  if (/^(https?:\/\/|mailto:|\/)\S*$/.test(selected)) {
    const insert = `[text](${selected})`;
    return { from: start, to: end, insert, selectionStart: start + 1, selectionEnd: start + 5 };
  }
  const label = selected || 'text';
  const insert = `[${label}](url)`;
  const urlAt = start + label.length + 3;
  if (!selected) return { from: start, to: end, insert, selectionStart: start + 1, selectionEnd: start + 5 };
  return { from: start, to: end, insert, selectionStart: urlAt, selectionEnd: urlAt + 3 };
}
