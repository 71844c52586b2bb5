// The preview's body, patched block by block: a block whose HTML did not change keeps its DOM
// nodes (an image does not reload, an iframe keeps playing, highlighted code and math stay),
// a block that only moved to another source line gets its data-line updated in place.
//
// The blocks live in chunks (<div class="qe-chunk">, at most CHUNK_MAX blocks each) that the
// browser skips while they are off screen (content-visibility: auto, see editor.css): a 1 MB
// post has ~9,600 blocks, and laying out and painting all of them after every keystroke cost
// more than the whole rest of the keystroke. A post of fewer than CHUNK_MAX blocks is one chunk.
import { h, html } from '../blog/dom.js';
import { diffBlocks, applyUpdate } from './blocks.js';

function isBlank(node) {
  return node.nodeType === Node.TEXT_NODE && node.data.trim() === '';
}

const CHUNK_MAX = 200; // nodes (about one per block)

export class BlockView {
  constructor(container) {
    this.container = container;
    /** Per block: { key, line, nodes: Node[], el: Element | null } in document order. */
    this.blocks = [];
    this.keys = [];
  }

  create(key, line) {
    // `key` is the block's HTML as the renderer sanitized it: the one HTML the editor puts in.
    let nodes = Array.from(html('template', null, key).content.childNodes).filter((n) => !isBlank(n));
    if (nodes.length === 0) nodes = [document.createTextNode('')];
    const el = nodes.find((n) => n.nodeType === Node.ELEMENT_NODE) ?? null;
    if (el) el.setAttribute('data-line', String(line));
    return { key, line, nodes, el };
  }

  newChunk(before) {
    const chunk = h('div', { className: 'qe-chunk' });
    this.container.insertBefore(chunk, before);
    return chunk;
  }

  /** The chunk where a block goes so that it ends right before `next` (null: at the end). */
  chunkFor(next) {
    const full = (chunk) => chunk.childNodes.length >= CHUNK_MAX;
    if (!next) {
      const last = this.container.lastElementChild;
      return last && !full(last) ? last : this.newChunk(null);
    }
    const chunk = next.parentNode;
    if (!full(chunk)) return chunk;
    if (next.previousSibling === null) {
      // At the start of a full chunk: the end of the chunk before it is the same place.
      const previous = chunk.previousElementSibling;
      return previous && !full(previous) ? previous : this.newChunk(chunk);
    }
    // In the middle of a full chunk: `next` and what follows it move to a chunk of their own
    // (rare: many blocks pasted into one place; an iframe among the moved nodes reloads).
    const rest = this.newChunk(chunk.nextSibling);
    while (next.nextSibling) rest.prepend(chunk.lastChild);
    rest.prepend(next);
    return chunk;
  }

  /** Whether `block` (already shown) ends right before `next`. */
  inPlace(block, next) {
    const last = block.nodes[block.nodes.length - 1];
    const chunk = last.parentNode;
    if (!chunk || chunk.parentNode !== this.container) return false;
    if (last.nextSibling) return last.nextSibling === next;
    if (!next) return chunk.nextElementSibling === null;
    return next.previousSibling === null && next.parentNode === chunk.nextElementSibling;
  }

  dropEmptyChunks() {
    for (const chunk of [...this.container.children]) if (!chunk.firstChild) chunk.remove();
  }

  /**
   * Shows the blocks `keys` (HTML without data-line) at source `lines`; `same`, if given,
   * is diffBlocks' (blocks known to be unchanged at both ends). Returns counts for tests and
   * the benchmark: { kept, created, removed, moved }.
   */
  update(keys, lines, same = undefined) {
    const old = this.blocks;
    const plan = diffBlocks(this.keys, keys, { same });
    const { prefix, suffix, reuse, removed } = plan;
    for (const i of removed) for (const node of old[i].nodes) node.remove();
    const middle = new Array(reuse.length);
    let created = 0;
    for (let j = 0; j < reuse.length; j++) {
      if (reuse[j] >= 0) {
        middle[j] = old[reuse[j]];
      } else {
        middle[j] = this.create(keys[prefix + j], lines[prefix + j]);
        created++;
      }
    }
    // Place the middle blocks right to left in front of the first suffix block; a block
    // already in place is not touched (moving an iframe would reload it).
    let next = suffix > 0 ? old[old.length - suffix].nodes[0] : null;
    let moved = 0;
    for (let j = middle.length - 1; j >= 0; j--) {
      const block = middle[j];
      if (!this.inPlace(block, next)) {
        if (block.nodes[0].parentNode) moved++;
        const chunk = this.chunkFor(next);
        const before = next && next.parentNode === chunk ? next : null;
        for (const node of block.nodes) chunk.insertBefore(node, before);
      }
      next = block.nodes[0];
    }
    this.dropEmptyChunks();
    const blocks = old.slice(0, prefix).concat(middle, old.slice(old.length - suffix));
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (block.line !== lines[i]) {
        block.line = lines[i];
        block.el?.setAttribute('data-line', String(lines[i]));
      }
    }
    this.blocks = blocks;
    this.keys = keys;
    return { kept: blocks.length - created, created, removed: removed.length, moved };
  }

  /** Shows a worker update { prefix, suffix, middle } (see worker.js) at source `lines`. */
  apply(update, lines) {
    return this.update(applyUpdate(this.keys, update), lines, { prefix: update.prefix, suffix: update.suffix });
  }

  /** Blocks that have an element, as parallel arrays { lines, els } (ascending lines). */
  positioned() {
    const lines = [];
    const els = [];
    for (const block of this.blocks) {
      if (block.el && (lines.length === 0 || block.line >= lines[lines.length - 1])) {
        lines.push(block.line);
        els.push(block.el);
      }
    }
    return { lines, els };
  }

  /** The top-level block element containing `node`, or null. */
  blockOf(node) {
    let n = node;
    while (n && n.parentNode?.parentNode !== this.container) n = n.parentNode;
    if (!n) return null;
    for (let b = n; b; b = b.previousSibling) {
      if (b.nodeType === Node.ELEMENT_NODE && b.hasAttribute('data-line')) return b;
    }
    return null;
  }
}
