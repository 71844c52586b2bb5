// Where each source line sits in the editor's scroller, for scroll sync and for revealing a
// line. CodeMirror keeps a height map of the document (lines it has drawn measured, the others
// estimated until drawn), so each answer is a lookup in O(log lines): no scroll event costs
// work in proportion to the document, wrapped or not.

export class SourceGeometry {
  /** `view`: the CodeMirror EditorView of the source. */
  constructor(view) {
    this.view = view;
  }

  /**
   * Where the document starts inside the scroller's content: the content's top padding, as
   * CodeMirror last measured it (reading the layout here could force one, mid-keystroke).
   */
  docTop() {
    return this.view.documentPadding.top;
  }

  /** The scrollTop that puts 1-based fractional `line` at the top of the scroller. */
  lineTop(line) {
    const { doc } = this.view.state;
    const n = Math.min(Math.max(1, Math.floor(line) || 1), doc.lines);
    const block = this.view.lineBlockAt(doc.line(n).from);
    const frac = Math.min(1, Math.max(0, line - n)); // past the last line: its bottom
    return this.docTop() + block.top + frac * block.height;
  }

  /** The 1-based fractional line at the scrollTop-like offset `y`. */
  lineAt(y) {
    const { view } = this;
    const h = Math.max(0, y - this.docTop());
    const block = view.lineBlockAtHeight(h);
    const line = view.state.doc.lineAt(block.from).number;
    return line + (block.height > 0 ? Math.min(1, Math.max(0, (h - block.top) / block.height)) : 0);
  }
}
