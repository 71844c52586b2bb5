// Pure logic of the block-by-block preview: split rendered HTML into top-level blocks and plan
// the smallest DOM change from one render to the next. No DOM here (unit-tested under node).
//
// The Quire renderer puts ` data-line="N"` right after the tag name of the first element of
// every top-level block (and the sanitizer strips any author-written data-line), so a block
// starts exactly where `<tag data-line="` appears. A block's *key* is its HTML without that
// attribute: moving a block to another line (an edit above it) keeps its key, so the patcher
// keeps its element and only updates the attribute.

const MARK = /<[a-zA-Z][a-zA-Z0-9-]*( data-line="(\d+)")/g;

/**
 * Splits rendered post HTML into top-level blocks.
 * Returns { keys: string[], lines: number[] }: keys[i] is block i's HTML without its
 * data-line attribute, lines[i] its 1-based source line. Text before the first marked block
 * (a stray comment, say) becomes a block of its own on the first block's line.
 */
export function splitBlocks(html) {
  const keys = [];
  const lines = [];
  let start = 0;
  let pendingLine = 0;
  let attrStart = -1;
  let attrEnd = -1;
  MARK.lastIndex = 0;
  for (let m = MARK.exec(html); m !== null; m = MARK.exec(html)) {
    if (m.index > start) {
      if (attrStart < 0) {
        if (html.slice(start, m.index).trim() !== '') {
          keys.push(html.slice(start, m.index));
          lines.push(Number(m[2]));
        }
      } else {
        keys.push(html.slice(start, attrStart) + html.slice(attrEnd, m.index));
        lines.push(pendingLine);
      }
    }
    start = m.index;
    attrStart = m.index + m[0].length - m[1].length;
    attrEnd = m.index + m[0].length;
    pendingLine = Number(m[2]);
  }
  if (attrStart >= 0) {
    keys.push(html.slice(start, attrStart) + html.slice(attrEnd));
    lines.push(pendingLine);
  } else if (html.trim() !== '') {
    keys.push(html);
    lines.push(1);
  }
  return { keys, lines };
}

/**
 * Plans how to turn the blocks `oldKeys` into `newKeys`, keeping every old block whose key
 * is still there. Returns { prefix, suffix, reuse, removed }:
 *   - the first `prefix` and last `suffix` blocks are the same on both sides (untouched);
 *   - reuse[j] is, for new middle block j (new index prefix + j), the old index it keeps,
 *     or -1 when it must be created;
 *   - removed lists the old indices that are not kept.
 * Equal keys in the middle are matched in order, so duplicates (two `<hr />`) stay stable.
 * With `ends`, only prefix and suffix are computed (reuse and removed stay empty).
 */
export function diffBlocks(oldKeys, newKeys, { ends = false } = {}) {
  const oldLen = oldKeys.length;
  const newLen = newKeys.length;
  let prefix = 0;
  const max = Math.min(oldLen, newLen);
  while (prefix < max && oldKeys[prefix] === newKeys[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    oldKeys[oldLen - 1 - suffix] === newKeys[newLen - 1 - suffix]
  ) {
    suffix++;
  }
  if (ends) return { prefix, suffix, reuse: [], removed: [] };
  const oldEnd = oldLen - suffix;
  const newEnd = newLen - suffix;
  const reuse = new Array(newEnd - prefix);
  const removed = [];
  if (oldEnd - prefix === 0) {
    reuse.fill(-1);
    return { prefix, suffix, reuse, removed };
  }
  const byKey = new Map();
  for (let i = prefix; i < oldEnd; i++) {
    const queue = byKey.get(oldKeys[i]);
    if (queue) queue.push(i);
    else byKey.set(oldKeys[i], [i]);
  }
  const used = new Set();
  for (let j = prefix; j < newEnd; j++) {
    const queue = byKey.get(newKeys[j]);
    if (queue && queue.length > 0) {
      const i = queue.shift();
      used.add(i);
      reuse[j - prefix] = i;
    } else {
      reuse[j - prefix] = -1;
    }
  }
  for (let i = prefix; i < oldEnd; i++) if (!used.has(i)) removed.push(i);
  return { prefix, suffix, reuse, removed };
}

/** The full new key list from the previous one and a { prefix, suffix, middle } update. */
export function applyUpdate(oldKeys, { prefix, suffix, middle }) {
  if (prefix + suffix > oldKeys.length) throw new RangeError('update does not fit the blocks shown');
  return oldKeys.slice(0, prefix).concat(middle, oldKeys.slice(oldKeys.length - suffix));
}
