// The live-preview editor: Markdown source on the left, the post as readers will see it on
// the right, rendered in a worker, or on the page once the post proves cheap to edit (renderer.js,
// local.js), and patched block by block (patch.js).
//
//   const { mountEditor } = await import('./editor/main.js');
//   mountEditor(rootElement, { permalink, site, index });
//
// permalink: '' for a new post, else a post's permalink from `index` (posts/index.json).
// site: the site config or null; index: { posts: [{ path, permalink, ... }] } or null.
// Also: path ('posts/NAME.md', open that file), file (reopen the draft of a local file),
// updateUrl (edit.html: keep ?post= / ?file= in the address bar so a reload reopens it).
//
// This file puts the parts together and holds what they share (the open document and its
// version); each part has one job:
//   toolbar.js     the buttons, toggles, file name, status line and banner
//   source.js      the Markdown source (CodeMirror), its keys and settings
//   renderer.js    where each render happens: the worker (worker.js) or the page (local.js)
//   preview.js     the rendered post (patch.js patches its body)
//   sync.js        the two panes kept at the same place (scroll, clicks, jumps to a line)
//   meta-panel.js  the post's details, and why readers would not see it
//   problems.js    the diagnostics list
//   documents.js   opening, saving and downloading documents (files.js does the I/O)
//   drafts.js      the draft kept in this browser, shared between tabs (store.js)
//   test-hooks.js  measurements and handles for the tests, loaded only when asked for
//
// Nothing here does work in proportion to the document per keystroke or per scroll event: the
// renderer hears what changed (renderer.change) and reads the text itself; the whole text is
// copied only to keep a draft (every 400-800 ms), to save, and to compare with the file when
// it matters (autosave, save, leaving the page).
//
// Post metadata always goes into the page as text (blog/dom.js); only the renderer's
// sanitized HTML goes in as HTML, through dom.js's html() in patch.js.
import { h } from '../blog/dom.js';
import { parseOptionsFor } from '../quire.js';
import { Renderer } from './renderer.js';
import { siteTimeZone, todayIn } from './meta.js';
import { Toolbar, Banner } from './toolbar.js';
import { SourcePane } from './source.js';
import { Preview } from './preview.js';
import { ScrollSync } from './sync.js';
import { MetaPanel } from './meta-panel.js';
import { Problems } from './problems.js';
import { Documents } from './documents.js';
import { Drafts } from './drafts.js';

function ensureStylesheet() {
  const href = new URL('../../css/editor.css', import.meta.url).href;
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) return;
  document.head.append(h('link', { rel: 'stylesheet', href }));
}

/** Whether the test hooks are wanted: the `testHooks` option, else ?test-hooks in the address. */
function wantsTestHooks(opts) {
  return Boolean(opts.testHooks ?? new URLSearchParams(location.search).has('test-hooks'));
}

/** Event listeners and other undo steps, all undone by dispose(). */
class Listeners {
  constructor() {
    this.undo = [];
  }

  on(target, type, handler, options) {
    target.addEventListener(type, handler, options);
    this.undo.push(() => target.removeEventListener(type, handler, options));
  }

  add(undo) {
    this.undo.push(undo);
  }

  dispose() {
    for (const undo of this.undo) undo();
    this.undo = [];
  }
}

class Editor {
  constructor(root, opts) {
    this.root = root;
    this.site = opts.site ?? null;
    this.index = opts.index ?? null;
    this.opts = opts;
    this.timeZone = siteTimeZone(this.site);
    // The open document, shared by the parts.
    this.doc = null; // { key, name, path, handle, fileText } (documents.js)
    this.version = 0; // bumped by every edit and every load
    this.renderedVersion = -1;
    this.cleanVersion = -1; // a version whose text is known to equal doc.fileText (not dirty)
    this.lastPost = null; // the newest rendered post's metadata
    this.listeners = new Listeners();

    this.documents = new Documents(this);
    this.source = new SourcePane({
      onChange: (change) => this.onSourceChange(change),
      onSelect: () => this.drafts.schedule(), // the draft keeps the cursor too
    });
    this.toolbar = new Toolbar(
      {
        newPost: () => this.documents.newPost(),
        openFile: () => this.documents.openFile(),
        openFolder: () => this.documents.openFolder(),
        openFromFolder: (name) => this.documents.openFromFolder(name),
        save: () => this.documents.save(),
        download: () => this.documents.download(),
        setWrap: (on) => this.source.setWrap(on),
        setLineNumbers: (on) => this.source.setLineNumbers(on),
      },
      { wrap: this.source.wrap, numbers: this.source.numbers },
    );
    this.banner = new Banner();
    this.metaPanel = new MetaPanel();
    this.preview = new Preview();
    this.sync = new ScrollSync(this.source, this.preview);
    this.problems = new Problems((line, column) => this.sync.selectAt(line, column));
    this.root.classList.add('quire-editor');
    this.root.replaceChildren(
      this.toolbar.element,
      this.banner.element,
      this.metaPanel.element,
      h('div', { className: 'qe-panes' }, this.source.element, this.preview.element),
      this.problems.element,
      this.toolbar.fileInput,
    );

    this.drafts = new Drafts(this);
    this.listeners.add(() => this.drafts.close());
    this.renderer = new Renderer({
      workerUrl: opts.renderWorker, // the tests' worker (test-hooks.js), else worker.js
      local: opts.renderLocally !== false, // edits may render on the page (renderer.js, local.js)
      site: this.index,
      read: (from, to) => this.source.slice(from, to),
      onResult: (message, version) => this.onRendered(message, version),
      onStatus: (kind, text) => this.onRendererStatus(kind, text),
    });
    this.listen();
  }

  listen() {
    const { listeners } = this;
    listeners.on(this.source.cm.scrollDOM, 'scroll', () => this.drafts.schedule()); // the draft keeps the scroll position
    this.sync.listen(listeners);
    this.toolbar.listen(listeners);
    listeners.on(document, 'keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.documents.save();
      }
    });
    listeners.on(window, 'beforeunload', (e) => {
      this.drafts.flush();
      if (this.fileDirty({ exact: true })) {
        e.preventDefault();
        e.returnValue = '';
      }
    });
    listeners.on(window, 'pagehide', () => this.drafts.flush());
    listeners.on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.drafts.flush();
    });
    listeners.on(this.root, 'dragover', (e) => {
      if (e.dataTransfer?.types?.includes('Files')) {
        e.preventDefault();
        this.root.classList.add('is-dropping');
      }
    });
    listeners.on(this.root, 'dragleave', (e) => {
      if (e.target === this.root || !this.root.contains(e.relatedTarget)) this.root.classList.remove('is-dropping');
    });
    listeners.on(this.root, 'drop', (e) => this.documents.onDrop(e));
  }

  /** Opens what the mount options ask for. */
  start() {
    return this.documents.start(this.opts);
  }

  today() {
    return todayIn(this.timeZone);
  }

  setStatus(text, options) {
    this.toolbar.setStatus(text, options);
  }

  /** The editor's whole text (a copy: not for every keystroke). */
  text() {
    return this.source.text();
  }

  /** Replaces the whole text (see SourcePane.replaceText); a banner's offer is then moot. */
  replaceText(text, options) {
    this.source.replaceText(text, options);
    this.banner.hide();
  }

  /**
   * Whether the text differs from the file. Cheap by default: any edit since the text last
   * matched the file counts. With `exact`, the texts are compared (a copy of the text: only
   * when saving, autosaving or leaving the page).
   */
  fileDirty({ exact = false } = {}) {
    if (this.doc === null || this.version === this.cleanVersion) return false;
    if (!exact) return true;
    if (this.text() !== this.doc.fileText) return true;
    this.cleanVersion = this.version;
    return false;
  }

  /** An edit in the source (`change` as SourcePane's onChange gives it): constant work per keystroke. */
  onSourceChange(change) {
    this.version++;
    if (change === null) this.requestRender();
    else this.renderer.change(change.from, change.to, change.length, this.version);
    this.drafts.schedule();
    this.afterTextChange();
  }

  /** Cheap bookkeeping after any text change; what touches the page waits for a frame. */
  afterTextChange() {
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      this.root.classList.toggle('is-file-dirty', this.fileDirty());
    });
  }

  /** The whole text is new or the options changed: the renderer starts over. */
  requestRender() {
    const path = this.doc?.path ?? this.doc?.name;
    this.renderer.load(parseOptionsFor(path || null, this.site), this.version);
  }

  onRendererStatus(kind, text) {
    if (kind === 'restarted' || kind === 'error') {
      this.setStatus(text);
      this.root.dataset.rendererRestarts = String(this.renderer.restarts);
    }
  }

  /** A renderer result for `version`: the preview, the details and the problems follow it. */
  onRendered(message, version) {
    const { post } = message;
    const counts = this.preview.apply(message);
    this.lastPost = post;
    this.renderedVersion = version;
    this.preview.showHeader(post);
    this.metaPanel.show(post, this.site);
    this.problems.show(post.diagnostics);
    this.root.dataset.renderedVersion = String(version);
    this.root.dispatchEvent(new CustomEvent('quire:rendered', { detail: { version, renderMs: message.renderMs, ...counts } }));
  }

  /** Leaves the root as it was found (the blog's router reuses it for other views). */
  destroy() {
    this.drafts.flush();
    this.listeners.dispose();
    this.renderer.destroy();
    this.source.destroy();
    this.root.classList.remove('quire-editor', 'is-file-dirty', 'is-dropping');
    for (const key of ['savedRev', 'savedVersion', 'conflict', 'renderedVersion', 'rendererRestarts']) delete this.root.dataset[key];
    if (this.root.quireEditor === this) delete this.root.quireEditor;
  }
}

/**
 * Mounts the editor into `root`. Resolves to a handle: { editor, destroy() }. Never throws
 * for content: a missing post or a failed engine shows as a message in the editor.
 */
export async function mountEditor(root, opts = {}) {
  ensureStylesheet();
  // Only pages that ask for them load the test hooks.
  const hooks = wantsTestHooks(opts) ? await import('./test-hooks.js') : null;
  const editor = new Editor(root, { ...opts, renderWorker: hooks?.renderWorker });
  root.quireEditor = editor;
  hooks?.install(editor);
  await editor.start();
  return { editor, destroy: () => editor.destroy() };
}
