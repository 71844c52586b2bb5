// The source pane: the Markdown text in CodeMirror 6 (www/vendor/codemirror/codemirror.js,
// bundled by `make vendor` from scripts/codemirror-entry.mjs). CodeMirror draws only the lines
// in view, so a 1 MB post types like a short one; nothing here does work in proportion to the
// document per keystroke: an edit is reported as one changed range, and the whole text is
// copied only when asked for (text()).
//
// Also here: the keys (Tab, Ctrl+B, Ctrl+I, Ctrl+K, through edits.js), the highlighting, the
// wrap and line-number settings, the cursor and scroll a draft keeps, and scrolling or
// selecting to a line.
import {
  EditorState,
  EditorView,
  Compartment,
  Annotation,
  Transaction,
  keymap,
  lineNumbers,
  history as undoHistory,
  defaultKeymap,
  historyKeymap,
  syntaxHighlighting,
  tagHighlighter,
  tags,
  markdown,
} from '../../vendor/codemirror/codemirror.js';
import { h } from '../blog/dom.js';
import { SourceGeometry } from './geometry.js';
import { diagnosticRange } from './lines.js';
import { editNear, indent, toggleWrap, makeLink } from './edits.js';

/** Marks a transaction that replaces the whole text: the renderer gets load(), not change(). */
const wholeText = Annotation.define();

/** Source highlighting as classes (colours in editor.css, light and dark). */
const highlighter = tagHighlighter([
  { tag: tags.heading, class: 'qe-tok-heading' },
  { tag: tags.strong, class: 'qe-tok-strong' },
  { tag: tags.emphasis, class: 'qe-tok-em' },
  { tag: tags.strikethrough, class: 'qe-tok-strike' },
  { tag: tags.link, class: 'qe-tok-link' },
  { tag: tags.url, class: 'qe-tok-url' },
  { tag: tags.monospace, class: 'qe-tok-code' },
  { tag: tags.quote, class: 'qe-tok-quote' },
  { tag: [tags.processingInstruction, tags.contentSeparator], class: 'qe-tok-mark' },
  { tag: [tags.meta, tags.comment], class: 'qe-tok-meta' },
  { tag: [tags.labelName, tags.character], class: 'qe-tok-label' },
]);

export class SourcePane {
  /**
   * onChange(change) after every edit: null when the whole text was replaced (setText does
   * not count: it is a new document), else { from, to, length }, every change of the update
   * collapsed into [from, to) of the text before it, now `length` characters.
   * onSelect() when only the selection moved.
   */
  constructor({ onChange, onSelect }) {
    this.onChange = onChange;
    this.onSelect = onSelect;
    this.wrap = true;
    this.numbers = false;
    this.wrapping = new Compartment();
    this.numbering = new Compartment();
    this.element = h('div', { className: 'qe-source' });
    this.cm = new EditorView({ state: this.createState(''), parent: this.element });
    this.geometry = new SourceGeometry(this.cm);
  }

  /** A fresh editor state (new text, no undo history) with the editor's extensions. */
  createState(text, selection = { anchor: 0 }) {
    const edit = (fn, ...args) => () => this.runEdit(fn, ...args);
    return EditorState.create({
      doc: text,
      selection,
      extensions: [
        this.numbering.of(this.numbers ? lineNumbers() : []),
        this.wrapping.of(this.wrap ? EditorView.lineWrapping : []),
        undoHistory(),
        markdown(),
        syntaxHighlighting(highlighter),
        keymap.of([
          // Tab inserts or indents (edits.js); Escape then Tab leaves the editor, also when
          // Escape first collapses a selection (CodeMirror's own tab-focus mode, for 2 s).
          { key: 'Tab', run: edit(indent, false), shift: edit(indent, true) },
          { key: 'Escape', run: (view) => (view.setTabFocusMode(2000), false) },
          { key: 'Mod-b', run: edit(toggleWrap, '**') },
          { key: 'Mod-i', run: edit(toggleWrap, '_') },
          { key: 'Mod-k', run: edit(makeLink) },
          ...historyKeymap,
          ...defaultKeymap,
        ]),
        EditorView.contentAttributes.of({ spellcheck: 'true', autocapitalize: 'off', 'aria-label': 'Markdown source' }),
        EditorView.domEventHandlers({
          // A dropped file opens (the editor's drop handler); CodeMirror would paste its text into this one.
          drop: (e) => Boolean(e.dataTransfer?.files?.length),
        }),
        EditorView.updateListener.of((update) => this.onUpdate(update)),
      ],
    });
  }

  /**
   * CodeMirror's update listener, run at the end of every update: reports an edit as one
   * range, whatever the size of the post. (test-hooks.js times it.)
   */
  onUpdate(update) {
    if (update.docChanged) {
      if (update.transactions.some((tr) => tr.annotation(wholeText))) {
        this.onChange(null);
        return;
      }
      let from = -1;
      let to = 0;
      let toB = 0;
      update.changes.iterChangedRanges((fromA, toA, fromB, toB2) => {
        if (from < 0) from = fromA; // before the first change both texts are the same
        to = toA;
        toB = toB2;
      });
      this.onChange({ from, to, length: toB - from });
    } else if (update.selectionSet) {
      this.onSelect();
    }
  }

  /** The whole text (a copy: not for every keystroke). */
  text() {
    return this.cm.state.doc.toString();
  }

  /** Text [from, to) of the current text, like String.prototype.slice. */
  slice(from = 0, to = undefined) {
    return this.cm.state.doc.sliceString(from, to);
  }

  /** The number of lines. */
  lines() {
    return this.cm.state.doc.lines;
  }

  focus() {
    this.cm.focus();
  }

  /**
   * A new document: the text, the cursor (a draft's selectionStart / selectionEnd, clamped to
   * the text) and an undo history of its own. Not reported to onChange.
   */
  setText(text, draft) {
    const max = text.length;
    const clamp = (n) => Math.min(Math.max(0, Number(n) || 0), max);
    this.cm.setState(this.createState(text, draft ? { anchor: clamp(draft.selectionStart), head: clamp(draft.selectionEnd) } : { anchor: 0 }));
  }

  /**
   * Replaces the whole text: as one undoable edit when asked (Ctrl+Z brings back the old),
   * else keeping the cursor and scroll where they were (another tab's text came in).
   */
  replaceText(text, { undoable = false } = {}) {
    const { doc, selection } = this.cm.state;
    const max = text.length;
    const { scrollTop } = this.cm.scrollDOM;
    this.cm.dispatch({
      changes: { from: 0, to: doc.length, insert: text },
      selection: undoable ? { anchor: 0 } : { anchor: Math.min(selection.main.anchor, max), head: Math.min(selection.main.head, max) },
      annotations: [wholeText.of(true), Transaction.userEvent.of('input.replace'), ...(undoable ? [] : [Transaction.addToHistory.of(false)])],
    });
    if (undoable) this.cm.focus();
    else this.cm.scrollDOM.scrollTop = scrollTop;
  }

  /** Cursor and scroll, for the draft: the top line and the offset into it, as well as scrollTop. */
  cursorRecord() {
    const { main } = this.cm.state.selection;
    const { scrollTop } = this.cm.scrollDOM;
    const top = Math.max(0, scrollTop - this.geometry.docTop());
    const block = this.cm.lineBlockAtHeight(top);
    return {
      selectionStart: main.anchor,
      selectionEnd: main.head,
      scrollTop,
      scrollAnchor: { pos: block.from, offset: top - block.top },
    };
  }

  /** Scrolls back to where a draft record left it (its top line, else its scrollTop). */
  restoreScroll(draft) {
    const anchor = draft?.scrollAnchor;
    if (anchor && Number.isFinite(anchor.pos) && anchor.pos <= this.cm.state.doc.length) {
      // The line that was at the top, at the same offset: right even before the lines above
      // it have been drawn and measured.
      this.cm.dispatch({ effects: EditorView.scrollIntoView(anchor.pos, { y: 'start', yMargin: -(anchor.offset || 0) }) });
    } else {
      this.cm.scrollDOM.scrollTop = draft?.scrollTop ?? 0;
    }
  }

  /**
   * Scrolls so fractional `line` sits `offset` pixels below the top. CodeMirror draws and
   * measures the line before it scrolls (a line far away only has an estimated height until
   * then), so the line lands exactly there, a frame later.
   */
  scrollToLine(line, offset = 0) {
    const { doc } = this.cm.state;
    const n = Math.min(Math.max(1, Math.floor(line) || 1), doc.lines);
    const { from, height } = this.cm.lineBlockAt(doc.line(n).from);
    const into = Math.min(1, Math.max(0, line - n)) * height;
    this.cm.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'start', yMargin: offset - into }) });
  }

  /** Puts the cursor at the start of `line` (clamped to the text) and focuses; returns the line. */
  cursorToLine(line) {
    const { doc } = this.cm.state;
    const n = Math.min(Math.max(1, Number(line) || 1), doc.lines);
    this.cm.dispatch({ selection: { anchor: doc.line(n).from } });
    this.cm.focus();
    return n;
  }

  /**
   * Selects from line:column to the end of that line (the whole line if that is empty) and
   * focuses; returns the line number.
   */
  selectAt(line, column) {
    const { doc } = this.cm.state;
    const at = doc.line(Math.min(Math.max(1, Math.trunc(line) || 1), doc.lines));
    const [start, end] = diagnosticRange(at.text, column);
    this.cm.dispatch({ selection: { anchor: at.from + start, head: at.from + end } });
    this.cm.focus();
    return at.number;
  }

  setWrap(on) {
    this.wrap = on;
    this.cm.dispatch({ effects: this.wrapping.reconfigure(on ? EditorView.lineWrapping : []) });
  }

  setLineNumbers(on) {
    this.numbers = on;
    this.cm.dispatch({ effects: this.numbering.reconfigure(on ? lineNumbers() : []) });
  }

  /**
   * Runs an edit of edits.js (Tab, bold, italic, link) on the selection, looking only at the
   * lines it touches. Always handles the key (returns true).
   */
  runEdit(edit, ...args) {
    const { doc, selection } = this.cm.state;
    const { from: start, to: end } = selection.main;
    const { from, to, insert, selectionStart, selectionEnd } = editNear(
      { read: (a, b) => doc.sliceString(a, b), length: doc.length, lineFrom: doc.lineAt(start).from, lineTo: doc.lineAt(end).to },
      start,
      end,
      edit,
      ...args,
    );
    // One replacement as one undoable change.
    this.cm.dispatch({
      changes: { from, to, insert },
      selection: { anchor: selectionStart, head: selectionEnd },
      scrollIntoView: true,
      userEvent: 'input.edit',
    });
    this.cm.focus();
    return true;
  }

  destroy() {
    this.cm.destroy();
  }
}
