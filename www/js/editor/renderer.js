// Owns the render worker from the page's side: at most one request in flight and only the
// newest text waiting behind it (stale text is never rendered), a fresh worker whenever the
// old one traps, fails or hangs, and never a render of text that just made it trap.
//
// The page tells it what changed, never the whole text per keystroke:
//   renderer.load(options, tag)                  the whole text is new (opened, replaced) or
//                                                the render options changed
//   renderer.change(from, to, insertLength, tag) [from, to) of the text as it was before (UTF-16
//                                                offsets) now holds insertLength new characters
// and reads the text itself, only what it needs, through read(from, to) (the editor's current
// text, like String.prototype.slice). `tag` comes back with the result (onResult's 2nd argument).

const HANG_MS = 15_000;

export class Renderer {
  /**
   * onResult(message) gets each `rendered` message; onStatus(kind, text) gets
   * 'ready' | 'restarted' | 'error' notices for the page to show.
   */
  constructor({ onResult, onStatus, read, testHooks = false }) {
    this.onResult = onResult;
    this.read = read;
    this.options = {};
    this.onStatus = onStatus;
    this.testHooks = testHooks;
    this.nextId = 1;
    this.inFlight = null; // { id, source, options, sentAt }
    this.pending = null; // { source, options }
    this.poisoned = null; // source text that made the worker fail twice
    this.lastFailed = null;
    this.restarts = 0;
    this.worker = null;
    this.hangTimer = 0;
    this.start();
  }

  start() {
    const url = new URL('./worker.js', import.meta.url);
    if (this.testHooks) url.search = '?test-hooks';
    const worker = new Worker(url, { type: 'module', name: 'quire-render' });
    worker.onmessage = (event) => this.handle(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault(); // handled here: no uncaught error in the console
      this.crash(worker, event.message || 'the render worker stopped', true);
    };
    worker.onmessageerror = () => this.crash(worker, 'a message could not be read', false);
    this.worker = worker;
  }

  /** The whole text is new, or the options changed: render all of it. */
  load(options, tag) {
    this.options = options ?? {};
    this.render(this.read(0), this.options, tag);
  }

  /** [from, to) of the previous text was replaced by `insertLength` characters. */
  change(from, to, insertLength, tag) {
    this.render(this.read(0), this.options, tag);
  }

  /** Asks for `source` to be rendered; `tag` comes back with its result (onResult's 2nd argument). */
  render(source, options, tag) {
    this.pending = { source, options, tag };
    this.pump();
  }

  pump() {
    if (this.inFlight || !this.pending || !this.worker) return;
    const { source, options, tag } = this.pending;
    if (source === this.poisoned) return; // wait for the next edit
    this.pending = null;
    const id = this.nextId++;
    this.inFlight = { id, source, options, tag };
    this.worker.postMessage({ type: 'render', id, source, options });
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
      // Render the newest text before spending time on the DOM: the worker works meanwhile.
      this.pump();
      this.onResult(message, tag);
    } else if (message.type === 'failed') {
      this.crash(worker, message.message, message.trapped || message.id === -1);
    } else if (message.type === 'ready') {
      this.onStatus('ready', '');
    }
  }

  /** The worker is unusable: replace it and render the newest text again (unless it caused this). */
  crash(worker, reason, blameText) {
    if (worker !== this.worker) return;
    clearTimeout(this.hangTimer);
    worker.terminate();
    this.worker = null;
    const failed = this.inFlight;
    this.inFlight = null;
    this.restarts++;
    if (failed) {
      // Retry a text once (the failure may have been the instance's, not the text's); a text
      // that fails twice in a row waits for the next edit.
      if (blameText && failed.source === this.lastFailed) this.poisoned = failed.source;
      this.lastFailed = failed.source;
      this.pending ??= { source: failed.source, options: failed.options, tag: failed.tag };
    }
    const retry = this.pending && this.pending.source !== this.poisoned;
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

  /** Test hook: make the worker trap on its next render. */
  forceTrap() {
    this.worker?.postMessage({ type: 'test-trap' });
  }

  destroy() {
    clearTimeout(this.hangTimer);
    this.worker?.terminate();
    this.worker = null;
  }
}
