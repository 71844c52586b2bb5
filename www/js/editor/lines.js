// Pure logic between source text and preview blocks: columns within a line and the
// interpolation behind scroll sync. No DOM here (unit-tested under node). Lines themselves
// come from the editor's document (CodeMirror keeps them; nothing here scans the whole text).

/**
 * Converts a 1-based column counted in Unicode scalar values (what the Rust side reports)
 * to a UTF-16 offset within `lineText`.
 */
export function utf16Column(lineText, column) {
  let units = 0;
  let chars = 1;
  for (const ch of lineText) {
    if (chars >= column) break;
    units += ch.length;
    chars++;
  }
  return units + 1;
}

/**
 * What clicking a diagnostic at 1-based `column` (counted in characters) selects in its line:
 * [start, end) within `lineText`, from the column to the end of the line (without the CR of a
 * CRLF), or the whole line when the column is at or past its end.
 */
export function diagnosticRange(lineText, column) {
  const end = lineText.endsWith('\r') ? lineText.length - 1 : lineText.length;
  const start = utf16Column(lineText, Math.max(1, Math.trunc(column) || 1)) - 1;
  return [start < end ? start : 0, end];
}

/**
 * Index of the last block whose line is <= `line` in the ascending `lines`, or -1 when
 * `line` comes before every block.
 */
export function blockAtLine(lines, line) {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid] <= line) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Index of the last position <= `y` in the ascending `tops` (block tops in pixels), or -1.
 */
export function blockAtY(tops, y) {
  return blockAtLine(tops, y);
}

/**
 * Maps a fractional source line to a y in the preview: between the block that holds the line
 * and the next one, proportionally. `lines` and `tops` describe the blocks in order;
 * `endLine` is the line after the last source line, `endY` the preview's full height.
 */
export function lineToY(line, lines, tops, endLine, endY) {
  if (lines.length === 0) return 0;
  const i = blockAtLine(lines, line);
  if (i < 0) return (tops[0] * Math.max(0, line - 1)) / Math.max(1, lines[0] - 1);
  const fromLine = lines[i];
  const toLine = i + 1 < lines.length ? lines[i + 1] : endLine;
  const fromY = tops[i];
  const toY = i + 1 < tops.length ? tops[i + 1] : endY;
  const t = toLine > fromLine ? Math.min(1, (line - fromLine) / (toLine - fromLine)) : 0;
  return fromY + t * (toY - fromY);
}

/** The inverse of lineToY: a preview y to a fractional source line. */
export function yToLine(y, lines, tops, endLine, endY) {
  if (lines.length === 0) return 1;
  const i = blockAtY(tops, y);
  if (i < 0) return 1 + ((lines[0] - 1) * Math.max(0, y)) / Math.max(1, tops[0]);
  const fromY = tops[i];
  const toY = i + 1 < tops.length ? tops[i + 1] : endY;
  const fromLine = lines[i];
  const toLine = i + 1 < lines.length ? lines[i + 1] : endLine;
  const t = toY > fromY ? Math.min(1, (y - fromY) / (toY - fromY)) : 0;
  return fromLine + t * (toLine - fromLine);
}

/**
 * lineToY for many blocks without knowing every block's top: `topOf(i)` gives block i's top
 * and is asked for at most two blocks (the one holding the line and the next). Same result.
 */
export function lineToYNear(line, lines, topOf, endLine, endY) {
  if (lines.length === 0) return 0;
  const i = Math.max(0, blockAtLine(lines, line));
  const near = lines.slice(i, i + 2);
  return lineToY(line, near, near.map((_, k) => topOf(i + k)), endLine, endY);
}

/**
 * yToLine for many blocks without knowing every block's top: a binary search asks `topOf(i)`
 * (ascending in i) for O(log blocks) blocks. Same result.
 */
export function yToLineNear(y, lines, topOf, endLine, endY) {
  if (lines.length === 0) return 1;
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1; // the last block starting at or above y
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (topOf(mid) <= y) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const i = Math.max(0, found);
  const near = lines.slice(i, i + 2);
  return yToLine(y, near, near.map((_, k) => topOf(i + k)), endLine, endY);
}
