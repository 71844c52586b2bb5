// The editor's test and benchmark hooks, loaded by main.js only on pages that ask for them
// (?test-hooks or mountEditor's testHooks option): production pages never load this file, nor
// test-worker.js, the render worker it has the editor start (renderWorker, for forceTrap).
//
// install(editor) sets window.quireEditor, which tests/e2e and bench/editor drive: the text,
// the selection, scrolling as a user would, a forced worker trap, holding drafts back, and
// what each keystroke cost. It measures by wrapping, on this one editor, the methods a
// keystroke goes through (SourcePane.onUpdate, Renderer.change, BlockView.apply,
// Editor.onRendered): renaming one of those means changing it here too.
import { EditorView } from '../../vendor/codemirror/codemirror.js';
import { trap } from '../test-hooks.js';

/** The render worker the editor starts instead of worker.js: it honours forceTrap's message. */
export const renderWorker = new URL('./test-worker.js', import.meta.url);

/**
 * What the hooks measure per keystroke (ms): handler, the source's update listener alone;
 * keystroke, from the keydown's timeStamp to the end of that listener (the browser's and
 * CodeMirror's whole synchronous handling of the key); rendererChange, renderer.change() inside
 * the listener; latencies, from the keydown to the preview patched.
 */
function emptyStats() {
  return { latencies: [], handler: [], keystroke: [], rendererChange: [], renders: 0, patches: [] };
}

/** Replaces `object[name]` with wrap(original) on this object only. */
function around(object, name, wrap) {
  const original = object[name].bind(object);
  object[name] = wrap(original);
}

export function install(editor) {
  const { source, drafts, renderer } = editor;
  const cm = source.cm;
  let stats = emptyStats();
  const inputStarts = new Map(); // version -> { event, handler }: when its keystroke started
  let keyDownAt = null; // the timeStamp of the keydown being handled

  // Latency is measured from the key press: keep its timestamp while the browser and
  // CodeMirror handle it (the same task), and forget it after.
  editor.listeners.on(
    cm.dom,
    'keydown',
    (e) => {
      const at = e.timeStamp;
      keyDownAt = at;
      setTimeout(() => {
        if (keyDownAt === at) keyDownAt = null;
      }, 0);
    },
    true,
  );
  around(source, 'onUpdate', (onUpdate) => (update) => {
    const started = performance.now();
    if (!update.docChanged) {
      onUpdate(update);
      return;
    }
    const event = keyDownAt ?? started;
    keyDownAt = null; // one keystroke, one edit
    // The edit's version (main.js bumps it once per edit), set first: an edit rendered on the
    // page (local.js) shows inside the listener.
    inputStarts.set(editor.version + 1, { event, handler: started });
    onUpdate(update);
    const ended = performance.now();
    stats.handler.push(ended - started);
    stats.keystroke.push(ended - event);
  });
  around(renderer, 'change', (change) => (...args) => {
    const changeStart = performance.now();
    change(...args);
    stats.rendererChange.push(performance.now() - changeStart);
  });
  let patch = null; // { patchStart, patchMs, counts } of the newest BlockView.apply
  around(editor.preview.view, 'apply', (apply) => (...args) => {
    const patchStart = performance.now();
    const counts = apply(...args);
    patch = { patchStart, patchMs: performance.now() - patchStart, counts };
    return counts;
  });
  let message = null; // the renderer result being shown
  around(editor, 'onRendered', (onRendered) => (result, version) => {
    message = result;
    onRendered(result, version);
  });
  // Dispatched by onRendered once the preview, details and problems show `version`.
  editor.listeners.on(editor.root, 'quire:rendered', (e) => {
    const { version } = e.detail;
    stats.renders++;
    const start = inputStarts.get(version);
    if (start !== undefined) {
      const now = performance.now();
      stats.latencies.push(now - start.event);
      stats.patches.push({
        ...patch.counts,
        patchMs: patch.patchMs,
        renderMs: message.renderMs,
        local: Boolean(message.local), // rendered on the page (local.js), not in the worker
        queueMs: start.handler - start.event, // keydown -> our listener: the browser and CodeMirror first
        roundTripMs: patch.patchStart - start.handler, // our listener -> result on the page
        toWorkerMs: message.receivedAt - performance.timeOrigin - start.handler,
        fromWorkerMs: patch.patchStart + performance.timeOrigin - message.sentAt,
      });
    }
    for (const v of inputStarts.keys()) if (v <= version) inputStarts.delete(v);
  });

  const handle = {
    /** What the tests read of the editor's state. */
    editor: {
      get doc() {
        return editor.doc;
      },
      get version() {
        return editor.version;
      },
      get renderedVersion() {
        return editor.renderedVersion;
      },
      get savedVersion() {
        return drafts.savedVersion;
      },
      get autosaveTimer() {
        return drafts.timer;
      },
      get store() {
        return drafts.store;
      },
      get cm() {
        return cm;
      },
      get root() {
        return editor.root;
      },
    },
    /** The source text. */
    text: () => editor.text(),
    /** The selection as { start, end } (start <= end) and whether the source has focus. */
    selection: () => {
      const { from, to } = cm.state.selection.main;
      return { start: from, end: to, focused: cm.hasFocus };
    },
    /** Selects [anchor, head) in the source (a cursor without head) and focuses it. */
    setSelection: (anchor, head = anchor) => {
      cm.dispatch({ selection: { anchor, head }, scrollIntoView: true });
      cm.focus();
    },
    /** Scrolls the source as a user would, 1-based `line` to its top; resolves once it is there. */
    scrollSourceTo: (line) => {
      cm.dispatch({ effects: EditorView.scrollIntoView(cm.state.doc.line(line).from, { y: 'start', yMargin: 0 }) });
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    },
    /** The 1-based fractional line at the top of the source. */
    sourceTopLine: () => source.geometry.lineAt(cm.scrollDOM.scrollTop),
    /** Makes the render worker trap on its next render (test-worker.js honours the message). */
    forceTrap: () => renderer.worker?.postMessage({ type: 'test-trap' }),
    /** Whether edits render on the page (local.js) rather than in the worker. */
    rendersLocally: () => renderer.local !== null,
    /** Renders every edit in the worker from now on (the tests of the worker's recovery). */
    renderInWorker: () => {
      renderer.localAllowed = false;
      renderer.leaveLocal();
    },
    /** Makes the next edit rendered on the page trap for real, inside its Draft's edit. */
    forceLocalTrap: () => {
      const { draft } = renderer.local;
      const edit = draft.edit.bind(draft);
      draft.edit = (...args) => {
        draft.edit = edit;
        trap();
      };
    },
    stats: () => ({ ...stats, restarts: renderer.restarts, renderedVersion: editor.renderedVersion, version: editor.version }),
    // Holds drafts back (both tabs edit before either writes), then lets them go.
    pauseAutosave: () => {
      drafts.paused = true;
      clearTimeout(drafts.timer);
      drafts.timer = 0;
    },
    resumeAutosave: () => {
      drafts.paused = false;
      drafts.schedule();
    },
    resetStats: () => {
      stats = emptyStats();
    },
  };
  window.quireEditor = handle;
  editor.listeners.add(() => {
    if (window.quireEditor === handle) delete window.quireEditor;
  });
}
