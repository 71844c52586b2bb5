// The preview's body, patched block by block: a block whose HTML did not change keeps its DOM
// nodes (an image does not reload, an iframe keeps playing, highlighted code and math stay),
// a block that only moved to another source line gets its data-line updated in place.
import { diffBlocks, applyUpdate } from './blocks.js';

function isBlank(node) {
  return node.nodeType === Node.TEXT_NODE && node.data.trim() === '';
}

export class BlockView {
  constructor(container) {
    this.container = container;
    this.template = document.createElement('template');
    /** Per block: { key, line, nodes: Node[], el: Element | null } in document order. */
    this.blocks = [];
    this.keys = [];
    this.topsCache = null;
  }

  create(key, line) {
    this.template.innerHTML = key;
    let nodes = Array.from(this.template.content.childNodes).filter((n) => !isBlank(n));
    if (nodes.length === 0) nodes = [document.createTextNode('')];
    const el = nodes.find((n) => n.nodeType === Node.ELEMENT_NODE) ?? null;
    if (el) el.setAttribute('data-line', String(line));
    return { key, line, nodes, el };
  }

  /**
   * Shows the blocks `keys` (HTML without data-line) at source `lines`. Returns counts for
   * tests and the benchmark: { kept, created, removed, moved }.
   */
  update(keys, lines) {
    const old = this.blocks;
    const plan = diffBlocks(this.keys, keys);
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
      const last = block.nodes[block.nodes.length - 1];
      const placed = last.parentNode === this.container;
      if (!placed || last.nextSibling !== next) {
        if (placed) moved++;
        for (const node of block.nodes) this.container.insertBefore(node, next);
      }
      next = block.nodes[0];
    }
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
    this.topsCache = null;
    return { kept: blocks.length - created, created, removed: removed.length, moved };
  }

  /** Shows a worker update { prefix, suffix, middle } (see worker.js) at source `lines`. */
  apply(update, lines) {
    return this.update(applyUpdate(this.keys, update), lines);
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

  /**
   * { lines, tops, height }: each positioned block's top in the scroller's content
   * coordinates. Cached until the next update or invalidate() (resize, image load).
   */
  geometry(scroller) {
    if (this.topsCache) return this.topsCache;
    const { lines, els } = this.positioned();
    const base = scroller.getBoundingClientRect().top - scroller.scrollTop;
    const tops = els.map((el) => el.getBoundingClientRect().top - base);
    this.topsCache = { lines, tops, els, height: scroller.scrollHeight };
    return this.topsCache;
  }

  invalidate() {
    this.topsCache = null;
  }

  /** The top-level block element containing `node`, or null. */
  blockOf(node) {
    let n = node;
    while (n && n.parentNode !== this.container) n = n.parentNode;
    if (!n) return null;
    for (let b = n; b; b = b.previousSibling) {
      if (b.nodeType === Node.ELEMENT_NODE && b.hasAttribute('data-line')) return b;
    }
    return null;
  }
}
