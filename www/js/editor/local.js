// The post's Draft on the page's own thread, for edits the render worker would only delay: a
// keystroke's render takes a fraction of a millisecond, but its result reaching the page waits
// for the frame the browser draws right after the key (CodeMirror's measuring, style, layout and
// paint: about 4 ms on a 1 MB post), so the preview lagged the source by a frame. Rendered here,
// inside the keystroke, the preview changes in the same frame as the source. renderer.js decides
// when edits render here and when in the worker; this file only holds the Draft.
//
// It uses the page's instance of the full module (quire.js: the editor loads it for the new-post
// helpers), through draftCall: a trap drops that instance, and the caller falls back to the worker.
import { newDraft, draftCall, setSite, warmUpDraft } from '../quire.js';
import { renderedMessage } from './blocks.js';

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
      // Its first edit here would compile the edit code inside a keystroke: done now, in the pause.
      warmUpDraft(options);
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
