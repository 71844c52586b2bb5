// The live-preview editor: Markdown source on the left, the post as readers will see it on
// the right, rendered in a worker (renderer.js) and patched block by block (patch.js).
//
//   const { mountEditor } = await import('./editor/main.js');
//   mountEditor(rootElement, { permalink, site, index });
//
// permalink: '' for a new post, else a post's permalink from `index` (posts/index.json).
// site: the site config or null; index: { posts: [{ path, permalink, ... }] } or null.
// Also: path ('posts/NAME.md', open that file), file (reopen the draft of a local file),
// updateUrl (edit.html: keep ?post= / ?file= in the address bar so a reload reopens it).
//
// The source pane is CodeMirror 6 (www/vendor/codemirror/codemirror.js, bundled by `make
// vendor` from scripts/codemirror-entry.mjs): it draws only the lines in view, so a 1 MB post
// types like a short one. Nothing here does work in proportion to the document per keystroke
// or per scroll event: the renderer hears what changed (renderer.change) and reads the text
// itself; the whole text is copied only to keep a draft (every 400-800 ms), to save, and to
// compare with the file when it matters (autosave, save, leaving the page).
//
// Post metadata always goes into the page as text; only the renderer's sanitized HTML goes
// in as HTML.
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
import { Renderer } from './renderer.js';
import { BlockView } from './patch.js';
import { SourceGeometry } from './geometry.js';
import { DraftStore } from './store.js';
import { diagnosticRange, lineToYNear, yToLineNear } from './lines.js';
import { editNear, indent, toggleWrap, makeLink } from './edits.js';
import { hiddenReasons, siteTimeZone, todayIn } from './meta.js';
import { ready, newPostFileName, newPostSource } from '../quire.js';
import * as files from './files.js';
import { formatDate, readingTime } from '../format.js';

const AUTOSAVE_MS = 400;
const AUTOSAVE_LONG_MS = 800;
const SITE_BASE = new URL('../../', import.meta.url);
/** How long a message in the status line outlives routine notes (ms). */
const STATUS_HOLD_MS = 5000;

function ensureStylesheet() {
  const href = new URL('css/editor.css', SITE_BASE).href;
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

/** Tiny DOM builder: h('button', { type: 'button', className: 'x' }, 'text', child...). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name in el && !name.startsWith('aria') && !name.startsWith('data')) el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function normalizePermalink(p) {
  return `/${String(p ?? '').replace(/^\/+|\/+$/g, '')}/`.replace(/\/+/g, '/');
}

function siteOptions(site) {
  const options = {};
  const separator = site?.excerpt_separator ?? site?.excerptSeparator;
  if (typeof separator === 'string' && separator) options.excerptSeparator = separator;
  if ((site?.unsafe_html ?? site?.unsafeHtml) === true) options.unsafeHtml = true;
  return options;
}

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

async function fetchText(url) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

/**
 * What the test hooks measure per keystroke (ms): handler, our update listener alone;
 * keystroke, from the keydown's timeStamp to the end of that listener (the browser's and
 * CodeMirror's whole synchronous handling of the key); rendererChange, renderer.change() inside
 * the listener; latencies, from the keydown to the preview patched.
 */
function emptyStats() {
  return { latencies: [], handler: [], keystroke: [], rendererChange: [], renders: 0, patches: [] };
}

class Editor {
  constructor(root, opts) {
    this.root = root;
    this.site = opts.site ?? null;
    this.index = opts.index ?? null;
    this.opts = opts;
    this.testHooks = Boolean(opts.testHooks ?? globalThis.QUIRE_TEST_HOOKS ?? new URLSearchParams(location.search).has('test-hooks'));
    this.timeZone = siteTimeZone(this.site);
    this.renderOptions = siteOptions(this.site);
    this.version = 0; // bumped by every edit
    this.savedVersion = 0; // the version last written to IndexedDB
    this.renderedVersion = -1;
    this.cleanVersion = -1; // a version whose text is known to equal doc.fileText (not dirty)
    this.doc = null; // { key, name, path, handle, fileText }
    this.baseRev = 0;
    this.conflict = null;
    this.autosaveTimer = 0;
    this.lastPost = null;
    this.expected = { source: null, preview: null };
    this.stats = emptyStats();
    this.inputStarts = new Map();
    this.keyDownAt = null; // test hooks: the timeStamp of the keydown being handled
    this.cleanup = [];
    this.build();
    this.store = new DraftStore();
    this.cleanup.push(this.store.subscribe((m) => this.onRemoteSave(m)));
    this.renderer = new Renderer({
      testHooks: this.testHooks,
      site: this.index,
      read: (from = 0, to = undefined) => this.cm.state.doc.sliceString(from, to),
      onResult: (message, version) => this.onRendered(message, version),
      onStatus: (kind, text) => this.onRendererStatus(kind, text),
    });
    this.listen();
  }

  // ---- DOM ---------------------------------------------------------------------------

  build() {
    const mod = isMac() ? '⌘' : 'Ctrl+';
    const button = (label, title, onClick, extra = {}) => {
      const b = h('button', { type: 'button', title, ...extra }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    this.fileInput = h('input', { type: 'file', accept: '.md,.markdown,.mdown,.txt,text/markdown', hidden: true });
    this.folderSelect = h('select', { className: 'qe-folder', hidden: true, 'aria-label': 'Post in the opened folder' });
    this.wrap = true;
    this.numbers = false;
    this.wrapToggle = h('input', { type: 'checkbox', checked: this.wrap });
    this.numbersToggle = h('input', { type: 'checkbox', checked: this.numbers });
    this.status = h('span', { className: 'qe-status', role: 'status', 'aria-live': 'polite' });
    this.statusHeldUntil = 0;
    this.fileLabel = h('span', { className: 'qe-file' });
    const toolbar = h(
      'div',
      { className: 'qe-toolbar', role: 'toolbar', 'aria-label': 'Editor' },
      button('New', 'A new post from the template', () => this.newPost()),
      button('Open…', 'Open a Markdown file (or drop one on the editor)', () => this.openFile()),
      files.hasFileSystemAccess() ? button('Open folder…', 'Open a posts folder and save back in place', () => this.openFolder()) : null,
      this.folderSelect,
      button('Save', `Save (${mod}S)`, () => this.save()),
      button('Download', 'Download the file', () => this.download()),
      h('label', { className: 'qe-check' }, this.wrapToggle, ' Wrap'),
      h('label', { className: 'qe-check' }, this.numbersToggle, ' Line numbers'),
      this.fileLabel,
      this.status,
    );
    this.banner = h('div', { className: 'qe-banner', role: 'alert', hidden: true });

    this.metaTitle = h('strong', { className: 'qe-meta-title' });
    this.metaDate = h('span', { className: 'qe-meta-date' });
    this.metaTags = h('span', { className: 'qe-meta-tags' });
    this.metaDraft = h('span', { className: 'qe-meta-draft' });
    this.metaReading = h('span', { className: 'qe-meta-reading' });
    const meta = h('div', { className: 'qe-meta', 'aria-label': 'Post details' }, this.metaTitle, this.metaDate, this.metaTags, this.metaDraft, this.metaReading);
    this.hiddenNote = h('p', { className: 'qe-hidden-note', hidden: true });

    const source = h('div', { className: 'qe-source' });
    this.wrapping = new Compartment();
    this.numbering = new Compartment();
    this.cm = new EditorView({ state: this.createState(''), parent: source });

    this.previewTitle = h('h1', { className: 'qe-preview-title' });
    this.previewDate = h('time', { hidden: true });
    this.previewReading = h('span');
    this.previewTags = h('ul', { className: 'tags', 'aria-label': 'Tags', hidden: true });
    this.body = h('div', { className: 'post-body qe-body' });
    this.preview = h(
      'div',
      { className: 'qe-preview', tabIndex: 0, role: 'region', 'aria-label': 'Preview' },
      h(
        'article',
        { className: 'post' },
        h('header', { className: 'post-header' }, this.previewTitle, h('p', { className: 'post-meta' }, this.previewDate, this.previewReading), this.previewTags),
        this.body,
      ),
    );
    this.view = new BlockView(this.body);

    this.diagList = h('ul', { className: 'qe-diag-list' });
    this.diagnostics = h(
      'section',
      { className: 'qe-diagnostics', 'aria-label': 'Problems', hidden: true },
      h('h2', {}, 'Problems'),
      this.diagList,
    );
    this.root.classList.add('quire-editor');
    this.root.replaceChildren(
      toolbar,
      this.banner,
      h('div', { className: 'qe-info' }, meta, this.hiddenNote),
      h('div', { className: 'qe-panes' }, source, this.preview),
      this.diagnostics,
      this.fileInput,
    );
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
          // A dropped file opens (onDrop); CodeMirror would paste its text into this one.
          drop: (e) => Boolean(e.dataTransfer?.files?.length),
        }),
        EditorView.updateListener.of((update) => this.onUpdate(update)),
      ],
    });
  }

  on(target, type, handler, options) {
    target.addEventListener(type, handler, options);
    this.cleanup.push(() => target.removeEventListener(type, handler, options));
  }

  listen() {
    this.on(this.cm.scrollDOM, 'scroll', () => this.onSourceScroll());
    if (this.testHooks) {
      // Latency is measured from the key press: keep its timestamp while the browser and
      // CodeMirror handle it (the same task), and forget it after.
      this.on(
        this.cm.dom,
        'keydown',
        (e) => {
          const at = e.timeStamp;
          this.keyDownAt = at;
          setTimeout(() => {
            if (this.keyDownAt === at) this.keyDownAt = null;
          }, 0);
        },
        true,
      );
    }
    this.on(this.preview, 'scroll', () => this.onPreviewScroll());
    this.on(this.body, 'click', (e) => this.onPreviewClick(e));
    // Off-screen chunks of the preview have estimated heights until shown (patch.js); when
    // shown, the preview's height changes: if it follows the source, follow it again.
    const resized = new ResizeObserver(() => {
      if (this.syncFrom === 'source') this.scheduleSync('source');
    });
    resized.observe(this.body);
    this.cleanup.push(() => resized.disconnect());
    this.on(document, 'keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.save();
      }
    });
    this.on(window, 'beforeunload', (e) => {
      this.flushAutosave();
      if (this.fileDirty({ exact: true })) {
        e.preventDefault();
        e.returnValue = '';
      }
    });
    this.on(window, 'pagehide', () => this.flushAutosave());
    this.on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flushAutosave();
    });
    this.on(this.root, 'dragover', (e) => {
      if (e.dataTransfer?.types?.includes('Files')) {
        e.preventDefault();
        this.root.classList.add('is-dropping');
      }
    });
    this.on(this.root, 'dragleave', (e) => {
      if (e.target === this.root || !this.root.contains(e.relatedTarget)) this.root.classList.remove('is-dropping');
    });
    this.on(this.root, 'drop', (e) => this.onDrop(e));
    this.on(this.fileInput, 'change', () => {});
    this.on(this.wrapToggle, 'change', () => this.setWrap(this.wrapToggle.checked));
    this.on(this.numbersToggle, 'change', () => this.setLineNumbers(this.numbersToggle.checked));
    this.on(this.folderSelect, 'change', () => this.openFromFolder(this.folderSelect.value));
  }

  /**
   * Shows `text` in the status line. A `routine` note ("Draft kept …", every autosave) does not
   * replace a message the author has to see (saved, restarted, an error) for its first seconds.
   */
  setStatus(text, { routine = false } = {}) {
    const now = performance.now();
    if (routine && now < this.statusHeldUntil) return;
    this.status.textContent = text;
    this.statusHeldUntil = routine ? 0 : now + STATUS_HOLD_MS;
  }

  // ---- documents ---------------------------------------------------------------------

  today() {
    return todayIn(this.timeZone);
  }

  /** Opens what the mount options ask for: a post by permalink or path, a local draft, or new. */
  async start() {
    const { permalink = '', path, file } = this.opts;
    // The page's own instance of the engine (the preview has another, in the worker): the new
    // post's text and name and the hidden-from-readers note come from the core.
    await ready();
    try {
      await this.store.open();
    } catch (err) {
      this.setStatus(`Drafts cannot be kept in this browser (${err?.message ?? err}): save your file often.`);
    }
    let postPath = typeof path === 'string' && /^[\w][\w./-]*\.(md|markdown)$/.test(path) && !path.includes('..') ? path : null;
    if (!postPath && permalink) {
      const wanted = normalizePermalink(permalink);
      const entry = this.index?.posts?.find((p) => normalizePermalink(p.permalink) === wanted);
      if (entry?.path) postPath = entry.path;
      else this.setStatus(`No post has the permalink ${wanted}; starting a new post.`);
    }
    if (postPath) return this.openServerPost(postPath);
    if (typeof file === 'string' && file) {
      const draft = await this.readDraft(`file:${file}`);
      if (draft) return this.load({ key: `file:${file}`, name: file, path: null, handle: draft.handle ?? null, fileText: null }, draft.text, draft);
    }
    return this.newPost({ keepDraft: true });
  }

  async readDraft(key) {
    try {
      return await this.store.get(key);
    } catch {
      return null;
    }
  }

  async openServerPost(path) {
    const key = `post:${path}`;
    const name = path.split('/').pop();
    let text = null;
    let error = null;
    try {
      text = await fetchText(new URL(path, SITE_BASE));
    } catch (err) {
      error = err;
    }
    const draft = await this.readDraft(key);
    const doc = { key, name, path, handle: null, fileText: text };
    if (draft && draft.text !== text) {
      this.load(doc, draft.text, draft);
      const when = new Date(draft.savedAt).toLocaleString();
      this.showBanner(
        text === null ? `Could not fetch ${path} (${error?.message}); showing your draft from ${when}.` : `Restored your unsaved edits from ${when}.`,
        text === null ? [] : [['Discard my edits', () => this.replaceText(text, { undoable: true })]],
      );
    } else if (text !== null) {
      this.load(doc, text, draft);
    } else {
      this.load({ ...doc, fileText: '' }, '', null);
      this.setStatus(`Could not fetch ${path}: ${error?.message}`);
    }
    this.updateUrl({ post: path });
  }

  /** A new post from the template; with keepDraft, the unsaved new-post draft comes back. */
  async newPost({ keepDraft = false } = {}) {
    if (!keepDraft && this.fileDirty({ exact: true }) && !window.confirm('Start a new post? Your edits stay in this browser\u2019s drafts only if the current post was saved.')) return;
    const template = newPostSource('', this.today());
    const draft = keepDraft ? await this.readDraft('new') : null;
    if (!keepDraft) {
      // Keep the previous new-post draft as a file draft rather than dropping it.
      const previous = await this.readDraft('new');
      if (previous && previous.text !== template) {
        await this.store.put(`file:recovered-${Date.now()}.md`, previous, 0, { force: true }).catch(() => {});
      }
    }
    const doc = { key: 'new', name: null, path: null, handle: null, fileText: draft?.fileSaved ? draft.text : template };
    if (draft) {
      this.load(doc, draft.text, draft);
      this.setStatus('Restored your new-post draft.');
    } else {
      this.load(doc, template, null);
      this.baseRev = (await this.readDraft('new'))?.rev ?? 0;
      if (!keepDraft) this.saveNow({ force: true });
    }
    this.updateUrl({});
  }

  /** Shows `text` as document `doc`; a draft record restores cursor and scroll. */
  load(doc, text, draft) {
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = 0;
    this.doc = doc;
    this.baseRev = draft?.rev ?? 0;
    this.conflict = null;
    this.hideBanner();
    const max = text.length;
    const clamp = (n) => Math.min(Math.max(0, Number(n) || 0), max);
    // A new state: the text, the cursor, and an undo history of its own.
    this.cm.setState(this.createState(text, draft ? { anchor: clamp(draft.selectionStart), head: clamp(draft.selectionEnd) } : { anchor: 0 }));
    this.version++;
    this.savedVersion = this.version;
    this.cleanVersion = text === doc.fileText ? this.version : -1;
    this.fileLabel.textContent = doc.name ?? 'new post';
    this.fileLabel.title = doc.path ?? doc.name ?? '';
    this.cm.focus();
    this.restoreScroll(draft);
    this.afterTextChange();
    this.requestRender();
  }

  /** Scrolls the source back to where a draft record left it (its top line, else its scrollTop). */
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

  /** The editor's whole text (a copy: not for every keystroke). */
  text() {
    return this.cm.state.doc.toString();
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
    this.hideBanner();
  }

  updateUrl(params) {
    if (!this.opts.updateUrl) return;
    const url = new URL(location.href);
    url.searchParams.delete('post');
    url.searchParams.delete('file');
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (url.href !== location.href) history.replaceState(history.state, '', url);
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

  suggestedName() {
    if (this.doc?.name) return this.doc.name;
    const post = this.lastPost;
    const title = post?.title ?? '';
    try {
      return newPostFileName(title, post?.date ?? this.today());
    } catch {
      return newPostFileName(title, this.today()); // a date that is not one: name it for today
    }
  }

  async openLocal({ name, text, handle = null }, keyPrefix = 'file:') {
    this.flushAutosave();
    const key = `${keyPrefix}${name}`;
    const draft = await this.readDraft(key);
    this.load({ key, name, path: null, handle, fileText: text }, text, null);
    this.baseRev = draft?.rev ?? 0;
    if (draft && draft.text !== text) {
      const when = new Date(draft.savedAt).toLocaleString();
      this.showBanner(`You have unsaved edits of ${name} from ${when}.`, [
        ['Restore them', () => this.replaceText(draft.text, { undoable: true })],
      ]);
    }
    this.updateUrl({ file: name });
    this.setStatus(`Opened ${name}.`);
  }

  async openFile() {
    try {
      const picked = await files.pickFile(this.fileInput);
      if (picked) await this.openLocal(picked);
    } catch (err) {
      this.setStatus(`Could not open the file: ${err?.message ?? err}`);
    }
  }

  async onDrop(e) {
    this.root.classList.remove('is-dropping');
    const item = [...(e.dataTransfer?.items ?? [])].find((i) => i.kind === 'file');
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    if (!files.isMarkdownName(file.name)) {
      this.setStatus(`${file.name} is not a Markdown file.`);
      return;
    }
    let handle = null;
    try {
      const h2 = await item?.getAsFileSystemHandle?.();
      if (h2?.kind === 'file') handle = h2;
    } catch {
      handle = null;
    }
    await this.openLocal({ name: file.name, text: await file.text(), handle });
  }

  async openFolder() {
    try {
      const folder = await files.pickFolder();
      if (!folder) return;
      this.folder = folder;
      this.folderSelect.replaceChildren(
        h('option', { value: '' }, `${folder.name}/ (${folder.files.length} posts)`),
        ...folder.files.map((f) => h('option', { value: f.name }, f.name)),
      );
      this.folderSelect.hidden = false;
      this.setStatus(`Opened folder ${folder.name}: pick a post.`);
    } catch (err) {
      this.setStatus(`Could not open the folder: ${err?.message ?? err}`);
    }
  }

  async openFromFolder(name) {
    const entry = this.folder?.files.find((f) => f.name === name);
    if (!entry) return;
    try {
      const file = await entry.handle.getFile();
      await this.openLocal({ name, text: await file.text(), handle: entry.handle }, `fs:${this.folder.name}/`);
    } catch (err) {
      this.setStatus(`Could not open ${name}: ${err?.message ?? err}`);
    }
  }

  async save() {
    const text = this.text();
    const version = this.version;
    const doc = this.doc;
    if (!doc) return;
    try {
      const site = typeof this.index?.save === 'string' && this.index.save ? this.index.save : null;
      if (site && !doc.handle && !this.folder) {
        // Under `quire serve`: straight into the site's posts/ (a new post never replaces a file).
        const created = !doc.path;
        doc.path = await files.saveToSite(site, doc.path ?? `posts/${this.suggestedName()}`, text, { create: created });
        doc.name = doc.path.split('/').pop();
        this.setStatus(`Saved ${doc.path}.`);
      } else {
        if (!doc.handle && this.folder && !doc.path) {
          // A new post while a folder is open: create it there.
          const name = this.suggestedName();
          doc.handle = await this.folder.dir.getFileHandle(name, { create: true });
          doc.name = name;
        }
        if (!doc.handle) doc.handle = await files.pickSaveHandle(this.suggestedName());
        if (doc.handle) {
          await files.writeHandle(doc.handle, text);
          doc.name = doc.handle.name;
          this.setStatus(`Saved ${doc.name}.`);
        } else {
          files.download(this.suggestedName(), text);
          this.setStatus(`Downloaded ${this.suggestedName()}.`);
        }
      }
      doc.fileText = text;
      if (doc === this.doc) this.cleanVersion = version;
      this.root.classList.toggle('is-file-dirty', this.fileDirty());
      this.fileLabel.textContent = doc.name ?? this.suggestedName();
      this.saveNow();
    } catch (err) {
      if (err?.name === 'AbortError') return;
      this.setStatus(`Could not save: ${err?.message ?? err}. Your text is kept in this browser.`);
    }
  }

  download() {
    const name = this.suggestedName();
    files.download(name, this.text());
    this.setStatus(`Downloaded ${name}.`);
  }

  // ---- typing ------------------------------------------------------------------------

  /**
   * CodeMirror's update listener, run at the end of every update. For an edit it tells the
   * renderer what changed, as one range: every change of the update collapsed into
   * [from, to) of the text before it, now `insertLength` characters. Constant work per
   * keystroke whatever the size of the post.
   */
  onUpdate(update) {
    if (update.docChanged) {
      const started = performance.now();
      this.version++;
      if (update.transactions.some((tr) => tr.annotation(wholeText))) {
        this.requestRender();
      } else {
        let from = -1;
        let to = 0;
        let toB = 0;
        update.changes.iterChangedRanges((fromA, toA, fromB, toB2) => {
          if (from < 0) from = fromA; // before the first change both texts are the same
          to = toA;
          toB = toB2;
        });
        const changeStart = this.testHooks ? performance.now() : 0;
        this.renderer.change(from, to, toB - from, this.version);
        if (this.testHooks) this.stats.rendererChange.push(performance.now() - changeStart);
      }
      this.scheduleAutosave();
      this.afterTextChange();
      if (this.testHooks) {
        const event = this.keyDownAt ?? started;
        this.keyDownAt = null; // one keystroke, one edit
        this.inputStarts.set(this.version, { event, handler: started });
        const ended = performance.now();
        this.stats.handler.push(ended - started);
        this.stats.keystroke.push(ended - event);
      }
    } else if (update.selectionSet) {
      this.scheduleAutosave(); // the draft keeps the cursor too
    }
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
    this.renderer.load({ ...this.renderOptions, ...(path ? { path } : {}) }, this.version);
  }

  /**
   * Runs an edit of edits.js (Tab, bold, italic, link) on the selection, looking only at the
   * lines it touches. Always handles the key (returns true).
   */
  runEdit(edit, ...args) {
    const { doc, selection } = this.cm.state;
    const { from: start, to: end } = selection.main;
    this.applyEdit(
      editNear(
        { read: (a, b) => doc.sliceString(a, b), length: doc.length, lineFrom: doc.lineAt(start).from, lineTo: doc.lineAt(end).to },
        start,
        end,
        edit,
        ...args,
      ),
    );
    return true;
  }

  /** One replacement as one undoable change. */
  applyEdit({ from, to, insert, selectionStart, selectionEnd }) {
    this.cm.dispatch({
      changes: { from, to, insert },
      selection: { anchor: selectionStart, head: selectionEnd },
      scrollIntoView: true,
      userEvent: 'input.edit',
    });
    this.cm.focus();
  }

  // ---- rendering ---------------------------------------------------------------------

  onRendererStatus(kind, text) {
    if (kind === 'restarted' || kind === 'error') {
      this.setStatus(text);
      this.root.dataset.rendererRestarts = String(this.renderer.restarts);
    }
  }

  onRendered(message, version) {
    const { post, lines } = message;
    const patchStart = performance.now();
    const counts = this.view.apply(message, lines);
    const patchMs = performance.now() - patchStart;
    this.lastPost = post;
    this.renderedVersion = version;
    this.showPostMeta(post);
    this.showDiagnostics(post.diagnostics);
    this.stats.renders++;
    if (this.testHooks) {
      const start = this.inputStarts.get(version);
      if (start !== undefined) {
        const now = performance.now();
        this.stats.latencies.push(now - start.event);
        this.stats.patches.push({
          ...counts,
          patchMs,
          renderMs: message.renderMs,
          queueMs: start.handler - start.event, // keydown -> our listener: the browser and CodeMirror first
          roundTripMs: patchStart - start.handler, // our listener -> result on the page
          toWorkerMs: message.receivedAt - performance.timeOrigin - start.handler,
          fromWorkerMs: patchStart + performance.timeOrigin - message.sentAt,
        });
      }
      for (const v of this.inputStarts.keys()) if (v <= version) this.inputStarts.delete(v);
    }
    this.root.dataset.renderedVersion = String(version);
    this.root.dispatchEvent(new CustomEvent('quire:rendered', { detail: { version, renderMs: message.renderMs, ...counts } }));
  }

  showPostMeta(post) {
    const title = post.title || 'Untitled';
    if (this.previewTitle.textContent !== title) this.previewTitle.textContent = title;
    this.metaTitle.textContent = title;
    if (post.date) {
      const shown = formatDate(post.date);
      this.previewDate.textContent = shown;
      this.previewDate.dateTime = post.date;
      this.previewDate.hidden = false;
      this.metaDate.textContent = shown;
    } else {
      this.previewDate.hidden = true;
      this.metaDate.textContent = 'no date';
    }
    const reading = readingTime(post.readingMinutes);
    this.previewReading.textContent = reading;
    this.metaReading.textContent = `${reading} · ${post.wordCount} words`;
    const tags = post.tags ?? [];
    this.metaTags.textContent = tags.length ? tags.map((t) => `#${t}`).join(' ') : 'no tags';
    const tagKey = tags.join('\u0000');
    if (this.previewTags.dataset.key !== tagKey) {
      this.previewTags.dataset.key = tagKey;
      this.previewTags.replaceChildren(...tags.map((t) => h('li', {}, t)));
      this.previewTags.hidden = tags.length === 0;
    }
    this.metaDraft.textContent = post.draft ? 'draft' : 'published';
    this.metaDraft.classList.toggle('is-draft', post.draft);
    const reasons = hiddenReasons(post, this.site);
    this.hiddenNote.textContent = reasons.length ? `Hidden from readers. ${reasons.join(' ')}` : '';
    this.hiddenNote.hidden = reasons.length === 0;
  }

  showDiagnostics(diagnostics = []) {
    const key = JSON.stringify(diagnostics);
    if (key === this.diagKey) return;
    this.diagKey = key;
    this.diagList.replaceChildren(
      ...diagnostics.map((d) => {
        const b = h(
          'button',
          { type: 'button', className: `diagnostic is-${d.severity}` },
          h('span', { className: 'qe-where' }, `${d.line}:${d.column}`),
          ` ${d.severity}: ${d.message}`,
        );
        b.addEventListener('click', () => this.selectAt(d.line, d.column));
        return h('li', {}, b);
      }),
    );
    this.diagnostics.hidden = diagnostics.length === 0;
  }

  /** Selects from line:column to the end of that line (the whole line if that is empty). */
  selectAt(line, column) {
    const { doc } = this.cm.state;
    const at = doc.line(Math.min(Math.max(1, Math.trunc(line) || 1), doc.lines));
    const [start, end] = diagnosticRange(at.text, column);
    this.cm.dispatch({ selection: { anchor: at.from + start, head: at.from + end } });
    this.cm.focus();
    this.revealLine(at.number, 1 / 3);
  }

  /** Scrolls the source so `line` sits at `fraction` of its height (unless already visible). */
  revealLine(line, fraction) {
    const sc = this.cm.scrollDOM;
    const top = this.geometry.lineTop(line);
    const bottom = this.geometry.lineTop(line + 1);
    if (top >= sc.scrollTop && bottom <= sc.scrollTop + sc.clientHeight) return;
    this.scrollSourceTo(line, sc.clientHeight * fraction);
  }

  /**
   * Scrolls the source so fractional `line` sits `offset` pixels below its top. CodeMirror
   * draws and measures the line before it scrolls (a line far away only has an estimated
   * height until then), so the line lands exactly there, a frame later.
   */
  scrollSourceTo(line, offset = 0) {
    const { doc } = this.cm.state;
    const n = Math.min(Math.max(1, Math.floor(line) || 1), doc.lines);
    const { from, height } = this.cm.lineBlockAt(doc.line(n).from);
    const into = Math.min(1, Math.max(0, line - n)) * height;
    this.cm.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'start', yMargin: offset - into }) });
    this.expected.source = { line, offset };
  }

  // ---- scroll sync and clicks ----------------------------------------------------------
  // Each sync is a few lookups: CodeMirror's height map for the source (SourceGeometry) and,
  // in the preview, the two blocks around the line (found by binary search, so only O(log
  // blocks) of them have their position read, and never all of them after each keystroke).

  /** The preview's blocks that have an element, { lines, els }: rebuilt once per preview update. */
  previewBlocks() {
    if (this.blockCache?.blocks !== this.view.blocks) this.blockCache = { blocks: this.view.blocks, ...this.view.positioned() };
    return this.blockCache;
  }

  /** Block i's top in the preview's content coordinates, read from the layout. */
  previewTopOf() {
    const pv = this.preview;
    const { els } = this.previewBlocks();
    const base = pv.getBoundingClientRect().top - pv.scrollTop;
    return (i) => els[i].getBoundingClientRect().top - base;
  }

  /** Whether the source now shows what the editor itself scrolled it to (no sync needed). */
  sourceAtExpected() {
    const expected = this.expected.source;
    this.expected.source = null;
    if (expected === null) return false;
    const { scrollTop } = this.cm.scrollDOM;
    if ('top' in expected) return Math.abs(scrollTop - expected.top) <= 1;
    return Math.abs(this.geometry.lineAt(scrollTop + expected.offset) - expected.line) < 0.5;
  }

  onSourceScroll() {
    this.scheduleAutosave(); // the draft keeps the scroll position
    if (!this.sourceAtExpected()) this.scheduleSync('source');
  }

  onPreviewScroll() {
    if (this.expected.preview !== null && Math.abs(this.preview.scrollTop - this.expected.preview) <= 1) {
      this.expected.preview = null;
      return;
    }
    this.expected.preview = null;
    this.scheduleSync('preview');
  }

  scheduleSync(from) {
    this.syncFrom = from;
    if (this.syncQueued) return;
    this.syncQueued = true;
    requestAnimationFrame(() => {
      this.syncQueued = false;
      if (this.syncFrom === 'source') this.syncPreviewToSource();
      else this.syncSourceToPreview();
    });
  }

  endLine() {
    return this.cm.state.doc.lines + 1;
  }

  syncPreviewToSource() {
    const sc = this.cm.scrollDOM;
    const pv = this.preview;
    const maxPreview = pv.scrollHeight - pv.clientHeight;
    let y;
    if (sc.scrollTop >= sc.scrollHeight - sc.clientHeight - 1) y = maxPreview;
    else {
      const line = this.geometry.lineAt(sc.scrollTop);
      y = lineToYNear(line, this.previewBlocks().lines, this.previewTopOf(), this.endLine(), pv.scrollHeight);
    }
    y = Math.max(0, Math.min(maxPreview, Math.round(y)));
    if (Math.abs(pv.scrollTop - y) < 1) return;
    pv.scrollTop = y;
    this.expected.preview = pv.scrollTop;
  }

  syncSourceToPreview() {
    const sc = this.cm.scrollDOM;
    const pv = this.preview;
    if (pv.scrollTop >= pv.scrollHeight - pv.clientHeight - 1) {
      const y = sc.scrollHeight - sc.clientHeight;
      if (Math.abs(sc.scrollTop - y) < 1) return;
      sc.scrollTop = y;
      this.expected.source = { top: sc.scrollTop };
      return;
    }
    const line = yToLineNear(pv.scrollTop, this.previewBlocks().lines, this.previewTopOf(), this.endLine(), pv.scrollHeight);
    if (Math.abs(this.geometry.lineAt(sc.scrollTop) - line) < 0.05) return;
    this.scrollSourceTo(line);
  }

  onPreviewClick(e) {
    const link = e.target.closest?.('a[href]');
    if (link && (e.ctrlKey || e.metaKey)) return; // open the link as usual
    if (link) e.preventDefault(); // a plain click edits; it does not leave the editor
    if (window.getSelection()?.toString()) return; // selecting text to copy
    const block = this.view.blockOf(e.target);
    if (!block) return;
    const { doc } = this.cm.state;
    const line = Math.min(Math.max(1, Number(block.getAttribute('data-line')) || 1), doc.lines);
    const offset = doc.line(line).from;
    // Put the line at the same height in the source as the block in the preview.
    const blockY = block.getBoundingClientRect().top - this.preview.getBoundingClientRect().top;
    this.cm.dispatch({ selection: { anchor: offset } });
    this.cm.focus();
    this.scrollSourceTo(line, blockY);
  }

  // ---- line numbers and wrapping -----------------------------------------------------

  setWrap(on) {
    this.wrap = on;
    this.wrapToggle.checked = on;
    this.cm.dispatch({ effects: this.wrapping.reconfigure(on ? EditorView.lineWrapping : []) });
  }

  setLineNumbers(on) {
    this.numbers = on;
    this.numbersToggle.checked = on;
    this.cm.dispatch({ effects: this.numbering.reconfigure(on ? lineNumbers() : []) });
  }

  // ---- drafts ------------------------------------------------------------------------

  scheduleAutosave() {
    if (this.autosaveTimer || this.autosavePaused) return;
    // Copying a long text into IndexedDB blocks the page for a moment: less often, still < 1 s.
    const delay = this.cm.state.doc.length > 200_000 ? AUTOSAVE_LONG_MS : AUTOSAVE_MS;
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = 0;
      this.saveNow();
    }, delay);
  }

  flushAutosave() {
    if (!this.autosaveTimer) return;
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = 0;
    this.saveNow();
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

  record() {
    const doc = this.doc;
    const text = this.text();
    const fileSaved = text === doc.fileText;
    if (fileSaved) this.cleanVersion = this.version;
    this.root.classList.toggle('is-file-dirty', !fileSaved);
    return {
      text,
      ...this.cursorRecord(),
      name: doc.name,
      path: doc.path,
      handle: doc.handle ?? undefined,
      fileSaved,
    };
  }

  async saveNow({ force = false } = {}) {
    if (!this.doc) return;
    const version = this.version;
    const doc = this.doc;
    try {
      if (!force && !this.conflict && version === this.savedVersion) {
        // Only the cursor moved: keep it with the draft this tab wrote or loaded, if any,
        // without a new revision (other tabs have nothing to hear about).
        if (this.baseRev > 0) await this.store.putCursor(doc.key, this.baseRev, this.cursorRecord());
        return;
      }
      let record = this.record();
      if (this.conflict) {
        // Until the user decides, this tab's text goes beside the shared draft, not over it.
        await this.store.put(`${doc.key}#tab-${this.store.tabId}`, record, 0, { force: true });
        if (doc === this.doc && version === this.version) this.savedVersion = version;
        this.setStatus(`Draft kept apart from the other tab’s ${new Date().toLocaleTimeString()}`, { routine: true });
        return;
      }
      let result;
      try {
        result = await this.store.put(doc.key, record, this.baseRev, { force });
      } catch (err) {
        if (err?.name !== 'DataCloneError') throw err;
        record = { ...record, handle: undefined };
        result = await this.store.put(doc.key, record, this.baseRev, { force });
      }
      if (doc !== this.doc) return;
      if (result.ok) {
        this.baseRev = result.rev;
        if (version === this.version) this.savedVersion = version;
        this.root.dataset.savedRev = String(result.rev);
        this.root.dataset.savedVersion = String(this.savedVersion);
        this.setStatus(`Draft kept ${new Date().toLocaleTimeString()}`, { routine: true });
      } else {
        this.enterConflict(result.current);
        this.saveNow();
      }
    } catch (err) {
      this.setStatus(`Could not keep the draft in this browser: ${err?.message ?? err}`);
    }
  }

  async onRemoteSave(message) {
    if (!this.doc || message.key !== this.doc.key || message.type !== 'saved') return;
    if (message.rev <= this.baseRev) return;
    if (this.version === this.savedVersion && !this.conflict) {
      // Nothing unsaved here: follow the other tab.
      const record = await this.readDraft(this.doc.key);
      if (!record || record.rev <= this.baseRev || this.version !== this.savedVersion) {
        if (record && this.version !== this.savedVersion) this.enterConflict(record);
        return;
      }
      this.baseRev = record.rev;
      if (record.text !== this.text()) {
        this.replaceText(record.text);
        this.savedVersion = this.version;
        this.setStatus('Updated with the edits made in another tab.');
      }
      return;
    }
    this.enterConflict(await this.readDraft(this.doc.key));
  }

  enterConflict(theirs) {
    if (this.conflict) {
      this.conflict.theirs = theirs;
      return;
    }
    this.conflict = { theirs };
    this.root.dataset.conflict = 'true';
    this.showBanner('This draft was also changed in another tab. Your text here is kept separately until you choose.', [
      [
        'Use the other tab\u2019s text',
        async () => {
          const record = (await this.readDraft(this.doc.key)) ?? this.conflict?.theirs;
          this.conflict = null;
          delete this.root.dataset.conflict;
          if (record) {
            this.baseRev = record.rev;
            this.replaceText(record.text, { undoable: true });
          }
          this.hideBanner();
        },
      ],
      [
        'Keep this tab\u2019s text',
        () => {
          this.conflict = null;
          delete this.root.dataset.conflict;
          this.hideBanner();
          this.saveNow({ force: true });
        },
      ],
    ]);
  }

  showBanner(text, actions = []) {
    this.banner.replaceChildren(
      h('span', {}, text),
      ...actions.map(([label, action]) => {
        const b = h('button', { type: 'button' }, label);
        b.addEventListener('click', action);
        return b;
      }),
    );
    this.banner.hidden = false;
  }

  hideBanner() {
    if (this.conflict) return;
    this.banner.hidden = true;
    this.banner.replaceChildren();
  }

  /** Leaves the root as it was found (the blog's router reuses it for other views). */
  destroy() {
    this.flushAutosave();
    for (const undo of this.cleanup) undo();
    this.renderer.destroy();
    this.store.close();
    this.cm.destroy();
    this.root.classList.remove('quire-editor', 'is-file-dirty', 'is-dropping');
    for (const key of ['savedRev', 'savedVersion', 'conflict', 'renderedVersion', 'rendererRestarts']) delete this.root.dataset[key];
    if (this.root.quireEditor === this) delete this.root.quireEditor;
    if (window.quireEditor?.editor === this) delete window.quireEditor;
  }
}

/**
 * Mounts the editor into `root`. Resolves to a handle: { editor, destroy() }. Never throws
 * for content: a missing post or a failed engine shows as a message in the editor.
 */
export async function mountEditor(root, opts = {}) {
  ensureStylesheet();
  const editor = new Editor(root, opts);
  root.quireEditor = editor;
  if (editor.testHooks) {
    const cm = () => editor.cm;
    window.quireEditor = {
      editor,
      /** The source text. */
      text: () => editor.text(),
      /** The selection as { start, end } (start <= end) and whether the source has focus. */
      selection: () => {
        const { from, to } = cm().state.selection.main;
        return { start: from, end: to, focused: cm().hasFocus };
      },
      /** Selects [anchor, head) in the source (a cursor without head) and focuses it. */
      setSelection: (anchor, head = anchor) => {
        cm().dispatch({ selection: { anchor, head }, scrollIntoView: true });
        cm().focus();
      },
      /** Scrolls the source as a user would, 1-based `line` to its top; resolves once it is there. */
      scrollSourceTo: (line) => {
        cm().dispatch({ effects: EditorView.scrollIntoView(cm().state.doc.line(line).from, { y: 'start', yMargin: 0 }) });
        return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      },
      /** The 1-based fractional line at the top of the source. */
      sourceTopLine: () => editor.geometry.lineAt(cm().scrollDOM.scrollTop),
      forceTrap: () => editor.renderer.forceTrap(),
      stats: () => ({ ...editor.stats, restarts: editor.renderer.restarts, renderedVersion: editor.renderedVersion, version: editor.version }),
      // Holds drafts back (both tabs edit before either writes), then lets them go.
      pauseAutosave: () => {
        editor.autosavePaused = true;
        clearTimeout(editor.autosaveTimer);
        editor.autosaveTimer = 0;
      },
      resumeAutosave: () => {
        editor.autosavePaused = false;
        editor.scheduleAutosave();
      },
      resetStats: () => {
        editor.stats = emptyStats();
      },
    };
  }
  await editor.start();
  return { editor, destroy: () => editor.destroy() };
}
