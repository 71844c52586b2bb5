// Keeps the two panes at the same place: scrolling one scrolls the other (both ways), a click
// on a preview block puts the cursor on its source line at the same height, and jumps to a
// source line (a diagnostic) scroll it into view. Scrolls the editor makes itself are
// remembered (`expected`) so that they do not echo back as a sync the other way.
//
// Each sync is a few lookups: CodeMirror's height map for the source (SourceGeometry) and, in
// the preview, the two blocks around the line (found by binary search, so only O(log blocks)
// of them have their position read, and never all of them after each keystroke).
import { lineToYNear, yToLineNear } from './lines.js';

export class ScrollSync {
  /** `source`: a SourcePane; `preview`: a Preview. */
  constructor(source, preview) {
    this.source = source;
    this.preview = preview;
    this.expected = { source: null, preview: null };
    this.from = null; // the pane the next sync follows: 'source' | 'preview'
    this.queued = false;
    this.blockCache = null;
  }

  /** Starts listening; `listeners.on(target, type, handler)` and `listeners.add(undo)` are undone on destroy. */
  listen(listeners) {
    const { cm } = this.source;
    listeners.on(cm.scrollDOM, 'scroll', () => {
      if (!this.sourceAtExpected()) this.schedule('source');
    });
    listeners.on(this.preview.element, 'scroll', () => this.onPreviewScroll());
    listeners.on(this.preview.body, 'click', (e) => this.onPreviewClick(e));
    // Off-screen chunks of the preview have estimated heights until shown (patch.js); when
    // shown, the preview's height changes: if it follows the source, follow it again.
    const resized = new ResizeObserver(() => {
      if (this.from === 'source') this.schedule('source');
    });
    resized.observe(this.preview.body);
    listeners.add(() => resized.disconnect());
  }

  /** Scrolls the source so fractional `line` sits `offset` pixels below its top. */
  scrollSourceTo(line, offset = 0) {
    this.source.scrollToLine(line, offset);
    this.expected.source = { line, offset };
  }

  /** Scrolls the source so `line` sits at `fraction` of its height (unless already visible). */
  revealLine(line, fraction) {
    const sc = this.source.cm.scrollDOM;
    const { geometry } = this.source;
    const top = geometry.lineTop(line);
    const bottom = geometry.lineTop(line + 1);
    if (top >= sc.scrollTop && bottom <= sc.scrollTop + sc.clientHeight) return;
    this.scrollSourceTo(line, sc.clientHeight * fraction);
  }

  /** Selects from line:column to the end of that line and brings it into view. */
  selectAt(line, column) {
    this.revealLine(this.source.selectAt(line, column), 1 / 3);
  }

  /** The preview's blocks that have an element, { lines, els }: rebuilt once per preview update. */
  previewBlocks() {
    const { view } = this.preview;
    if (this.blockCache?.blocks !== view.blocks) this.blockCache = { blocks: view.blocks, ...view.positioned() };
    return this.blockCache;
  }

  /** Block i's top in the preview's content coordinates, read from the layout. */
  previewTopOf() {
    const pv = this.preview.element;
    const { els } = this.previewBlocks();
    const base = pv.getBoundingClientRect().top - pv.scrollTop;
    return (i) => els[i].getBoundingClientRect().top - base;
  }

  /** Whether the source now shows what the editor itself scrolled it to (no sync needed). */
  sourceAtExpected() {
    const expected = this.expected.source;
    this.expected.source = null;
    if (expected === null) return false;
    const { scrollTop } = this.source.cm.scrollDOM;
    if ('top' in expected) return Math.abs(scrollTop - expected.top) <= 1;
    return Math.abs(this.source.geometry.lineAt(scrollTop + expected.offset) - expected.line) < 0.5;
  }

  onPreviewScroll() {
    if (this.expected.preview !== null && Math.abs(this.preview.element.scrollTop - this.expected.preview) <= 1) {
      this.expected.preview = null;
      return;
    }
    this.expected.preview = null;
    this.schedule('preview');
  }

  schedule(from) {
    this.from = from;
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      if (this.from === 'source') this.syncPreviewToSource();
      else this.syncSourceToPreview();
    });
  }

  endLine() {
    return this.source.lines() + 1;
  }

  syncPreviewToSource() {
    const sc = this.source.cm.scrollDOM;
    const pv = this.preview.element;
    const maxPreview = pv.scrollHeight - pv.clientHeight;
    let y;
    if (sc.scrollTop >= sc.scrollHeight - sc.clientHeight - 1) y = maxPreview;
    else {
      const line = this.source.geometry.lineAt(sc.scrollTop);
      y = lineToYNear(line, this.previewBlocks().lines, this.previewTopOf(), this.endLine(), pv.scrollHeight);
    }
    y = Math.max(0, Math.min(maxPreview, Math.round(y)));
    if (Math.abs(pv.scrollTop - y) < 1) return;
    pv.scrollTop = y;
    this.expected.preview = pv.scrollTop;
  }

  syncSourceToPreview() {
    const sc = this.source.cm.scrollDOM;
    const pv = this.preview.element;
    if (pv.scrollTop >= pv.scrollHeight - pv.clientHeight - 1) {
      const y = sc.scrollHeight - sc.clientHeight;
      if (Math.abs(sc.scrollTop - y) < 1) return;
      sc.scrollTop = y;
      this.expected.source = { top: sc.scrollTop };
      return;
    }
    const line = yToLineNear(pv.scrollTop, this.previewBlocks().lines, this.previewTopOf(), this.endLine(), pv.scrollHeight);
    if (Math.abs(this.source.geometry.lineAt(sc.scrollTop) - line) < 0.05) return;
    this.scrollSourceTo(line);
  }

  onPreviewClick(e) {
    const link = e.target.closest?.('a[href]');
    if (link && (e.ctrlKey || e.metaKey)) return; // open the link as usual
    if (link) e.preventDefault(); // a plain click edits; it does not leave the editor
    if (window.getSelection()?.toString()) return; // selecting text to copy
    const block = this.preview.view.blockOf(e.target);
    if (!block) return;
    // Put the line at the same height in the source as the block in the preview.
    const blockY = block.getBoundingClientRect().top - this.preview.element.getBoundingClientRect().top;
    const line = this.source.cursorToLine(block.getAttribute('data-line'));
    this.scrollSourceTo(line, blockY);
  }
}
