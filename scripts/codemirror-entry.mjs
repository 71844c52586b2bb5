// The editor's CodeMirror 6, as one ES module: scripts/vendor.mjs bundles this file with
// esbuild into www/vendor/codemirror/codemirror.js, which www/js/editor/main.js imports.
// Only what the editor uses, so the bundle stays small: no basicSetup, no autocomplete, no
// HTML/CSS/JavaScript languages inside Markdown (@codemirror/lang-markdown's markdown() pulls
// those in: +194 KB minified, +74 KB gzip, +60 KB brotli; its markdownLanguage alone is this
// same wrapper, without front matter). Markdown itself costs +37 KB, +12 KB gzip, +10.5 KB
// brotli over no language. Node can import this file as it is (the unit tests do).
import { defineLanguageFacet, indentNodeProp, languageDataProp, Language } from '@codemirror/language';
import { parser as markdownParser, GFM } from '@lezer/markdown';
import { tags } from '@lezer/highlight';

export { EditorState, EditorSelection, Compartment, Transaction, Annotation } from '@codemirror/state';
export { EditorView, keymap, lineNumbers } from '@codemirror/view';
export { history, defaultKeymap, historyKeymap, undo, redo } from '@codemirror/commands';
export { syntaxHighlighting, syntaxTree, ensureSyntaxTree } from '@codemirror/language';
export { tagHighlighter, tags } from '@lezer/highlight';

const OPEN = /^\uFEFF?(---|\+\+\+)[ \t]*$/;
const CLOSE = { '---': /^(---|\.\.\.)[ \t]*$/, '+++': /^\+\+\+[ \t]*$/ };

/**
 * Front matter for the highlighter: a `---` (YAML) or `+++` (TOML) first line up to its
 * closing line is one FrontMatter block, not a thematic break and a setext heading. Like
 * Quire, `---` followed by a blank line is a thematic break; an opening line that is never
 * closed takes the rest of the file (Quire reports that as an error).
 */
export const FrontMatter = {
  defineNodes: [
    { name: 'FrontMatter', block: true, style: tags.meta },
    { name: 'FrontMatterMark', style: tags.processingInstruction },
  ],
  parseBlock: [
    {
      name: 'FrontMatter',
      before: 'HorizontalRule',
      parse(cx, line) {
        const open = cx.lineStart === 0 ? OPEN.exec(line.text) : null;
        if (!open) return false;
        if (open[1] === '---' && cx.peekLine().trim() === '') return false; // a thematic break
        const close = CLOSE[open[1]];
        const start = line.text.length - line.text.replace(/^\uFEFF/, '').length;
        const marks = [cx.elt('FrontMatterMark', start, start + 3)];
        while (cx.nextLine()) {
          if (close.test(line.text)) {
            marks.push(cx.elt('FrontMatterMark', cx.lineStart, cx.lineStart + 3));
            cx.nextLine();
            break;
          }
        }
        cx.addElement(cx.elt('FrontMatter', 0, cx.prevLineEnd(), marks));
        return true;
      },
    },
  ],
};

const data = defineLanguageFacet({ commentTokens: { block: { open: '<!--', close: '-->' } } });

/** Markdown as Quire's blog preset writes it: CommonMark, GFM (tables, task lists, ~~, autolinks), front matter. */
export const markdownLanguage = new Language(
  data,
  markdownParser.configure([
    GFM,
    FrontMatter,
    // No indentation rules: Enter keeps the current line's indentation.
    { props: [indentNodeProp.add({ Document: () => null }), languageDataProp.add({ Document: data })] },
  ]),
  [],
  'markdown',
);

/** The extension that gives an editor Markdown. */
export function markdown() {
  return markdownLanguage.extension;
}
