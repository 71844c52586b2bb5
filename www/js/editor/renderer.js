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

const HANG_MS = 15_000;

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
  constructor({ onResult, onStatus, read, site = null, workerUrl = new URL('./worker.js', import.meta.url) }) {
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
    this.options = options ?? {};
    this.pending = { load: true, tag };
    this.pump();
  }

  /** [from, to) of the previous text now holds `insertLength` characters. */
  change(from, to, insertLength, tag) {
    const pending = this.pending;
    if (pending?.load) pending.tag = tag;
    else this.pending = { ...compose(pending, from, to, insertLength), tag };
    this.pump();
  }

  pump() {
    if (this.inFlight || !this.pending || !this.worker) return;
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
    this.inFlight = { id, tag: pending.tag };
    this.worker.postMessage({ ...message, id });
    clearTimeout(this.hangTimer);
    this.hangTimer = setTimeout(() => this.crash(this.worker, `rendering took longer than ${HANG_MS / 1000} s`, true), HANG_MS);
  }

  handle(worker, message) {
    if (worker !== this.worker) return;
    if (message.type === 'rendered') {
      if (!this.inFlight || message.id !== this.inFlight.id) return;
      clearTimeout(this.hangTimer);
      const { tag } = this.inFlight;
      this.inFlight = null;
      this.poisoned = null;
      this.lastFailed = null;
      // Send the newest edits before spending time on the DOM: the worker works meanwhile.
      this.pump();
      this.onResult(message, tag);
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
    this.pending = { load: true, tag: this.pending?.tag ?? failed?.tag };
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

  destroy() {
    clearTimeout(this.hangTimer);
    this.worker?.terminate();
    this.worker = null;
  }
}
