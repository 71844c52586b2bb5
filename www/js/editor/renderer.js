// Owns the render worker from the page's side: at most one request in flight and, behind it,
// one pending change that gathers every edit made meanwhile (so the worker only ever renders
// the newest text); a fresh worker whenever the old one traps, fails or hangs, and never a
// render of text that just made it fail twice.
//
// The page tells it what changed, never the whole text per keystroke:
//   renderer.load(options, tag)                  the whole text is new (opened, replaced) or
//                                                the render options changed
//   renderer.change(from, to, insertLength, tag) [from, to) of the text as it was before (UTF-16
//                                                offsets) now holds insertLength new characters
// and reads the text itself, only what it sends, through read(from, to) (the editor's current
// text, like String.prototype.slice). `tag` comes back with the result (onResult's 2nd argument).
//
// Edits render on the page's own thread (local.js), inside the keystroke, once the post has
// shown it is cheap to edit: after a pause in typing, the renderer loads the text into a Draft
// on the page (when the worker's load of it took under LOCAL_LOAD_MS) and, if its blocks are the
// ones on screen, renders the next edits there, synchronously. It goes back to the worker (which
// then loads the whole text) after an edit of the whole post that took over LOCAL_EDIT_MS (a link
// definition edited in a 1 MB post renders all of it), after two edits of a window of blocks in
// a row that did (one alone is more likely a pause of the page's own, such as a garbage
// collection, than a slow window), for a load (a new text, new options), and for good after a
// trap. Before going local again it waits for FAST_EDITS edits in a row rendered by the worker
// in under half that.

import { ready } from '../quire.js';
import { LocalDraft } from './local.js';

const HANG_MS = 15_000;
const LOCAL_LOAD_MS = 1000;
const LOCAL_EDIT_MS = 8;
const FAST_EDITS = 20;
const LOCAL_IDLE_MS = 300;

/**
 * Folds an edit into a pending one. Both describe the worker's text W becoming the editor's text:
 * pending { from, to, end } says W[from, to) is now text[from, end) (the rest unchanged); the
 * new edit replaces [f, t) of that text with `length` characters. Returns the pending change
 * for both. Exported for tests.
 */
export function compose(pending, f, t, length) {
  if (!pending) return { from: f, to: t, end: f + length };
  const { from, to, end } = pending;
  return {
    from: Math.min(from, f),
    to: t <= end ? to : to + (t - end),
    end: Math.max(end, t) + length - (t - f),
  };
}

export class Renderer {
  /**
   * onResult(message, tag) gets each `rendered` message; onStatus(kind, text) gets
   * 'ready' | 'restarted' | 'error' notices for the page to show. workerUrl: the worker's
   * script, worker.js unless the tests give theirs (test-hooks.js renderWorker).
   */
  constructor({ onResult, onStatus, read, site = null, workerUrl = new URL('./worker.js', import.meta.url), local = true, localEditMs = LOCAL_EDIT_MS }) {
    this.onResult = onResult;
    this.site = site; // posts/index.json, for the posts' Liquid and shortcodes
    this.onStatus = onStatus;
    this.read = read;
    this.workerUrl = workerUrl;
    this.options = {};
    this.nextId = 1;
    this.inFlight = null; // { id, tag }
    // What the worker has not seen yet: null, { load: true, tag } or { from, to, end, tag }.
    this.pending = null;
    this.needsLoad = true; // a new worker has no text yet
    this.poisoned = null; // text that made the worker fail twice: not sent again
    this.lastFailed = null;
    this.restarts = 0;
    this.worker = null;
    this.hangTimer = 0;
    // Rendering on the page (see the top of the file): the LocalDraft while edits render here.
    this.localAllowed = local;
    this.localEditMs = localEditMs; // the tests' budget, else LOCAL_EDIT_MS
    this.local = null;
    this.localTimer = 0;
    this.slowWindow = false; // the last edit on the page rendered a window of blocks over budget
    this.fastEdits = FAST_EDITS; // worker edits in a row under LOCAL_EDIT_MS / 2
    this.loadMs = Infinity; // the worker's last load of the whole text
    this.lines = null; // the blocks on screen (the last result's lines)
    this.waiting = null; // a promise the worker's next render waits for (renderLocally)
    this.start();
  }

  start() {
    const worker = new Worker(this.workerUrl, { type: 'module', name: 'quire-render' });
    worker.onmessage = (event) => this.handle(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault(); // handled here: no uncaught error in the console
      this.crash(worker, event.message || 'the render worker stopped', true);
    };
    worker.onmessageerror = () => this.crash(worker, 'a message could not be read', false);
    this.worker = worker;
    this.needsLoad = true;
    this.siteSent = false; // a new worker has not seen the site
  }

  /** The whole text is new, or the options changed: render all of it. */
  load(options, tag) {
    this.leaveLocal();
    this.options = options ?? {};
    this.pending = { load: true, tag };
    this.pump();
  }

  /** [from, to) of the previous text now holds `insertLength` characters. */
  change(from, to, insertLength, tag) {
    clearTimeout(this.localTimer);
    if (this.local) {
      this.renderLocally(from, to, insertLength, tag);
      this.pump();
      return;
    }
    const pending = this.pending;
    if (pending?.load) pending.tag = tag;
    else this.pending = { ...compose(pending, from, to, insertLength), tag };
    this.pump();
  }

  pump() {
    if (this.inFlight || !this.pending || !this.worker || this.waiting) return;
    const pending = this.pending;
    let message;
    if (pending.load || this.needsLoad) {
      const source = this.read(0);
      if (source === this.poisoned) return; // wait for the next edit
      message = { type: 'load', source, options: this.options };
      if (!this.siteSent && this.site) {
        message.site = this.site;
        this.siteSent = true;
      }
    } else {
      message = { type: 'edit', from: pending.from, to: pending.to, text: this.read(pending.from, pending.end) };
    }
    this.pending = null;
    this.needsLoad = false;
    const id = this.nextId++;
    this.inFlight = { id, tag: pending.tag, load: message.type === 'load' };
    this.worker.postMessage({ ...message, id });
    clearTimeout(this.hangTimer);
    this.hangTimer = setTimeout(() => this.crash(this.worker, `rendering took longer than ${HANG_MS / 1000} s`, true), HANG_MS);
  }

  handle(worker, message) {
    if (worker !== this.worker) return;
    if (message.type === 'rendered') {
      if (!this.inFlight || message.id !== this.inFlight.id) return;
      clearTimeout(this.hangTimer);
      const { tag, load } = this.inFlight;
      this.inFlight = null;
      this.poisoned = null;
      this.lastFailed = null;
      if (load) this.loadMs = message.renderMs;
      else this.fastEdits = message.renderMs < this.localEditMs / 2 ? this.fastEdits + 1 : 0;
      this.lines = message.lines;
      // Send the newest edits before spending time on the DOM: the worker works meanwhile.
      this.pump();
      this.onResult(message, tag);
      this.scheduleLocal();
    } else if (message.type === 'failed') {
      this.crash(worker, message.message, message.trapped || message.id === -1);
    } else if (message.type === 'ready') {
      this.onStatus('ready', '');
    }
  }

  /** The worker is unusable: replace it and render the whole newest text (unless it caused this). */
  crash(worker, reason, blameText) {
    if (worker !== this.worker) return;
    clearTimeout(this.hangTimer);
    worker.terminate();
    this.worker = null;
    const failed = this.inFlight;
    this.inFlight = null;
    this.restarts++;
    const text = this.read(0);
    if (failed) {
      // Retry a text once (the failure may have been the instance's, not the text's); a text
      // that fails twice in a row waits for the next edit.
      if (blameText && text === this.lastFailed) this.poisoned = text;
      this.lastFailed = text;
    }
    // While edits render on the page the worker has nothing to do: it loads the text when it is next needed.
    this.pending = this.local ? null : { load: true, tag: this.pending?.tag ?? failed?.tag };
    const retry = text !== this.poisoned;
    this.onStatus(
      'restarted',
      `The renderer stopped (${reason}) and was restarted. Your text is untouched` +
        (retry ? '.' : '; the preview updates with your next edit.'),
    );
    if (this.restarts > 50) {
      this.onStatus('error', 'The renderer keeps failing; reload the page to try again. Your text is saved.');
      return;
    }
    this.start();
    this.pump();
  }

  /** Renders an edit on the page, now; after a trap, the worker renders it from the whole text. */
  renderLocally(from, to, insertLength, tag) {
    let message;
    try {
      message = this.local.edit(from, to, this.read(from, from + insertLength));
    } catch (err) {
      this.leaveLocal();
      this.pageModuleTrapped();
      this.restarts++;
      this.onStatus('restarted', `The renderer stopped (${err?.message ?? err}) and was restarted. Your text is untouched.`);
      this.pending = { load: true, tag };
      return;
    }
    this.lines = message.lines;
    const slow = message.renderMs > this.localEditMs;
    if (slow && (!message.incremental || this.slowWindow)) {
      this.leaveLocal();
      this.fastEdits = 0;
    } else {
      this.slowWindow = slow;
    }
    this.onResult(message, tag);
  }

  /**
   * The page's instance of the module trapped (quire.js dropped it): edits never render on the
   * page again, and the worker's next result waits for a fresh instance, which the page's other
   * parts use when a result shows (the post's details).
   */
  pageModuleTrapped() {
    this.localAllowed = false;
    this.waiting = ready('full')
      .catch(() => {})
      .then(() => {
        this.waiting = null;
        this.pump();
      });
  }

  /** After a pause in typing, moves the edits to the page if the post is cheap to render. */
  scheduleLocal() {
    clearTimeout(this.localTimer);
    if (!this.localAllowed || this.local || this.loadMs > LOCAL_LOAD_MS || this.fastEdits < FAST_EDITS) return;
    this.localTimer = setTimeout(() => this.goLocal(), LOCAL_IDLE_MS);
  }

  goLocal() {
    // Only when the worker has rendered the newest text, whose blocks are on screen.
    if (this.local || this.inFlight || this.pending || this.needsLoad || !this.lines) return;
    let local;
    try {
      local = new LocalDraft(this.options, this.read(0), this.site);
    } catch (err) {
      if (err?.cause instanceof WebAssembly.RuntimeError) this.pageModuleTrapped();
      return; // else the page's module is not loaded yet: the worker goes on
    }
    const same = local.lines.length === this.lines.length && local.lines.every((line, i) => line === this.lines[i]);
    if (!same) {
      local.free();
      return;
    }
    this.local = local;
    this.slowWindow = false;
    this.needsLoad = true; // the worker's text falls behind from the next edit
  }

  leaveLocal() {
    clearTimeout(this.localTimer);
    this.local?.free();
    this.local = null;
  }

  destroy() {
    this.leaveLocal();
    clearTimeout(this.hangTimer);
    this.worker?.terminate();
    this.worker = null;
  }
}
