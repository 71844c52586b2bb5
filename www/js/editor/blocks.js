// Pure logic of the block-by-block preview: plan the smallest DOM change from one list of
// top-level blocks to the next. No DOM here (unit-tested under node).
//
// The blocks come from the Draft (src/draft.rs, in the worker or on the page): each is a
// top-level block's HTML without its data-line attribute (its *key*): moving a block to another
// line (an edit above it) keeps its key, so the patcher keeps its element and only updates the
// attribute.

/**
 * Plans how to turn the blocks `oldKeys` into `newKeys`, keeping every old block whose key
 * is still there. Returns { prefix, suffix, reuse, removed }:
 *   - the first `prefix` and last `suffix` blocks are the same on both sides (untouched);
 *   - reuse[j] is, for new middle block j (new index prefix + j), the old index it keeps,
 *     or -1 when it must be created;
 *   - removed lists the old indices that are not kept.
 * Equal keys in the middle are matched in order, so duplicates (two `<hr />`) stay stable.
 * With `ends`, only prefix and suffix are computed (reuse and removed stay empty). `same`
 * ({ prefix, suffix }, a worker update's) says how many first and last blocks are known to be
 * the same on both sides: they are not compared again (a 1 MB post has ~9,600 blocks).
 */
export function diffBlocks(oldKeys, newKeys, { ends = false, same = { prefix: 0, suffix: 0 } } = {}) {
  const oldLen = oldKeys.length;
  const newLen = newKeys.length;
  const max = Math.min(oldLen, newLen);
  let prefix = Math.min(same.prefix, max);
  while (prefix < max && oldKeys[prefix] === newKeys[prefix]) prefix++;
  let suffix = Math.min(same.suffix, max - prefix);
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

/**
 * The `rendered` message of a Draft's update (worker.js sends it; local.js returns the same):
 * the blocks now are the previous result's first `prefix`, then `middle`, then its last
 * `suffix`; `lines` has every block's source line. `started` and `ended`: performance.now()
 * around the render; `extra` adds fields (the worker's id and times, local.js's `local`).
 */
export function renderedMessage(update, lines, started, ended, extra) {
  const { post, prefix, suffix, middle, incremental } = update;
  return { type: 'rendered', post, prefix, suffix, middle, incremental, lines, renderMs: ended - started, ...extra };
}
