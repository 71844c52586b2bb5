// The post's Draft on the page's own thread, for edits the render worker would only delay: a
// keystroke's render takes a fraction of a millisecond, but its result reaching the page waits
// for the frame the browser draws right after the key (CodeMirror's measuring, style, layout and
// paint: about 4 ms on a 1 MB post), so the preview lagged the source by a frame. Rendered here,
// inside the keystroke, the preview changes in the same frame as the source. renderer.js decides
// when edits render here and when in the worker; this file only holds the Draft.
//
// It uses the page's instance of the full module (quire.js: the editor loads it for the new-post
// helpers), through draftCall: a trap drops that instance, and the caller falls back to the worker.
import { newDraft, draftCall, setSite } from '../quire.js';
import { renderedMessage } from './blocks.js';

// A post in small with what an edit re-renders most (a heading, a paragraph with emphasis, code,
// a link and a footnote reference, the footnote's definition, a list), for warmEditPath.
const WARM_TEXT = '## A heading\n\nA paragraph with *emphasis*, **strong** and `code`, a [link](https://example.com/) and a note.[^1]\n\n- an item\n\n[^1]: The note.\n';
const WARM_AT = WARM_TEXT.indexOf(' and a note.');

/**
 * wasm compiles each function on its first call: a Draft's first edit on the page compiled the
 * module's edit code inside the author's keystroke (3.6-11.3 ms on a 1 MB post, against 0.6-1.6
 * for the edits after it), and over renderer.js's budget it sent the edits back to the worker.
 * A throwaway Draft's edit pays that here, in the pause in which the real Draft loads.
 */
function warmEditPath(options) {
  const draft = newDraft(options);
  try {
    draftCall(draft, (d) => {
      d.load(WARM_TEXT);
      d.edit(WARM_AT, WARM_AT, 's');
      d.lines();
    });
  } finally {
    draft.free();
  }
}

export class LocalDraft {
  /**
   * Loads `source` with the render `options` (the whole text: as long as the worker's load of
   * it, on this thread). `site`: posts/index.json, for the posts' Liquid and shortcodes. Throws
   * when the full module is not loaded or traps.
   */
  constructor(options, source, site) {
    if (site) setSite(site);
    const started = performance.now();
    this.draft = newDraft(options);
    try {
      draftCall(this.draft, (draft) => draft.load(source));
      /** Every block's source line, as the worker's result has them. */
      this.lines = draftCall(this.draft, (draft) => draft.lines());
      warmEditPath(options);
    } catch (err) {
      this.free();
      throw err;
    }
    this.loadMs = performance.now() - started;
  }

  /**
   * [from, to) of the text (UTF-16 offsets) is now `text`: returns the same `rendered` message
   * the worker would send (worker.js), with `local: true`. Throws when the module traps.
   */
  edit(from, to, text) {
    const started = performance.now();
    const update = draftCall(this.draft, (draft) => draft.edit(from, to, text));
    const lines = draftCall(this.draft, (draft) => draft.lines());
    this.lines = lines;
    const now = performance.now();
    return renderedMessage(update, lines, started, now, {
      receivedAt: performance.timeOrigin + started,
      sentAt: performance.timeOrigin + now,
      local: true,
    });
  }

  free() {
    try {
      this.draft?.free();
    } catch {
      // A trapped instance may not free: it is dropped whole.
    }
    this.draft = null;
  }
}
