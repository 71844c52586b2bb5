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
// Post metadata always goes into the page as text; only the renderer's sanitized HTML goes
// in as HTML.
import { Renderer } from './renderer.js';
import { BlockView } from './patch.js';
import { SourceGeometry } from './geometry.js';
import { DraftStore } from './store.js';
import { lineStarts, lineOfOffset, offsetOf, utf16Column, lineRange, lineToY, yToLine } from './lines.js';
import { indent, toggleWrap, makeLink } from './edits.js';
import { hiddenReasons, siteTimeZone, todayIn, fileNameFor, newPostTemplate } from './meta.js';
import * as files from './files.js';
import { formatDate, readingTime } from '../format.js';

const AUTOSAVE_MS = 400;
const AUTOSAVE_LONG_MS = 800;
const SITE_BASE = new URL('../../', import.meta.url);

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

async function fetchText(url) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
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
    this.doc = null; // { key, name, path, handle, fileText }
    this.baseRev = 0;
    this.conflict = null;
    this.autosaveTimer = 0;
    this.lastPost = null;
    this.lineCount = 1;
    this.expected = { source: null, preview: null };
    this.stats = { latencies: [], handler: [], renders: 0, patches: [] };
    this.inputStarts = new Map();
    this.cleanup = [];
    this.build();
    this.store = new DraftStore();
    this.cleanup.push(this.store.subscribe((m) => this.onRemoteSave(m)));
    this.renderer = new Renderer({
      testHooks: this.testHooks,
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
    this.wrapToggle = h('input', { type: 'checkbox', checked: true });
    this.numbersToggle = h('input', { type: 'checkbox' });
    this.status = h('span', { className: 'qe-status', role: 'status', 'aria-live': 'polite' });
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

    this.textarea = h('textarea', {
      className: 'qe-text',
      spellcheck: true,
      autocapitalize: 'off',
      'aria-label': 'Markdown source',
      wrap: 'soft',
    });
    this.gutter = h('pre', { className: 'qe-gutter', 'aria-hidden': 'true', hidden: true });
    const source = h('div', { className: 'qe-source' }, this.gutter, this.textarea);

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
    this.geometry = new SourceGeometry(this.textarea, this.root);
  }

  on(target, type, handler, options) {
    target.addEventListener(type, handler, options);
    this.cleanup.push(() => target.removeEventListener(type, handler, options));
  }

  listen() {
    const ta = this.textarea;
    this.on(ta, 'input', (e) => this.onInput(e));
    this.on(ta, 'keydown', (e) => this.onKeyDown(e));
    this.on(ta, 'select', () => this.scheduleAutosave());
    this.on(ta, 'scroll', () => this.onSourceScroll());
    this.on(this.preview, 'scroll', () => this.onPreviewScroll());
    this.on(this.body, 'click', (e) => this.onPreviewClick(e));
    this.on(this.body, 'load', () => this.view.invalidate(), true);
    this.on(document, 'keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.save();
      }
    });
    this.on(window, 'beforeunload', (e) => {
      this.flushAutosave();
      if (this.fileDirty()) {
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
    const resize = new ResizeObserver(() => {
      this.geometry.invalidate();
      this.view.invalidate();
    });
    resize.observe(this.textarea);
    resize.observe(this.body);
    this.cleanup.push(() => resize.disconnect());
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  // ---- documents ---------------------------------------------------------------------

  today() {
    return todayIn(this.timeZone);
  }

  /** Opens what the mount options ask for: a post by permalink or path, a local draft, or new. */
  async start() {
    const { permalink = '', path, file } = this.opts;
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
    if (!keepDraft && this.fileDirty() && !window.confirm('Start a new post? Your edits stay in this browser\u2019s drafts only if the current post was saved.')) return;
    const template = newPostTemplate(this.today());
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
    this.textarea.value = text;
    this.version++;
    this.savedVersion = this.version;
    this.fileLabel.textContent = doc.name ?? 'new post';
    this.fileLabel.title = doc.path ?? doc.name ?? '';
    if (draft) {
      const max = text.length;
      this.textarea.setSelectionRange(Math.min(draft.selectionStart ?? 0, max), Math.min(draft.selectionEnd ?? 0, max));
    } else {
      this.textarea.setSelectionRange(0, 0);
    }
    this.textarea.focus({ preventScroll: true });
    this.textarea.scrollTop = draft?.scrollTop ?? 0;
    this.afterTextChange();
    this.requestRender();
  }

  /** Replaces the whole text, as one undoable edit when asked (Ctrl+Z brings back the old). */
  replaceText(text, { undoable = false } = {}) {
    if (undoable) {
      this.applyEdit({ from: 0, to: this.textarea.value.length, insert: text, selectionStart: 0, selectionEnd: 0 });
    } else {
      const { selectionStart, selectionEnd, scrollTop } = this.textarea;
      this.textarea.value = text;
      this.textarea.setSelectionRange(Math.min(selectionStart, text.length), Math.min(selectionEnd, text.length));
      this.textarea.scrollTop = scrollTop;
      this.version++;
      this.afterTextChange();
      this.requestRender();
    }
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

  fileDirty() {
    return this.doc !== null && this.text !== this.doc.fileText;
  }

  suggestedName() {
    if (this.doc?.name) return this.doc.name;
    const post = this.lastPost;
    return fileNameFor(post?.title ?? 'untitled', post?.date, this.today());
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
    const text = this.text;
    const doc = this.doc;
    if (!doc) return;
    try {
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
      doc.fileText = text;
      this.fileLabel.textContent = doc.name ?? this.suggestedName();
      this.saveNow();
    } catch (err) {
      if (err?.name === 'AbortError') return;
      this.setStatus(`Could not save: ${err?.message ?? err}. Your text is kept in this browser.`);
    }
  }

  download() {
    const name = this.suggestedName();
    files.download(name, this.text);
    this.setStatus(`Downloaded ${name}.`);
  }

  // ---- typing ------------------------------------------------------------------------

  onInput(e) {
    const started = performance.now();
    this.version++;
    if (this.testHooks) this.inputStarts.set(this.version, { event: e.timeStamp, handler: started });
    this.text = this.textarea.value; // read once: after an edit the getter copies the text
    this.requestRender();
    this.scheduleAutosave();
    this.afterTextChange(this.text);
    if (this.testHooks) this.stats.handler.push(performance.now() - started);
  }

  /** Cheap bookkeeping after any text change; the costly parts wait for a frame. */
  afterTextChange(text = this.textarea.value) {
    this.text = text;
    this.geometry.invalidate();
    this.lineCountStale = true;
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      if (!this.gutter.hidden) this.updateGutter();
      this.root.classList.toggle('is-file-dirty', this.fileDirty());
    });
  }

  requestRender() {
    this.renderer.render(this.text, { ...this.renderOptions, ...(this.doc?.path ? { path: this.doc.path } : this.doc?.name ? { path: this.doc.name } : {}) }, this.version);
  }

  onKeyDown(e) {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Escape') {
      this.tabLeaves = true; // Escape then Tab moves focus out, as in VS Code
      return;
    }
    if (e.key === 'Tab' && !mod && !e.altKey) {
      if (this.tabLeaves) {
        this.tabLeaves = false;
        return;
      }
      e.preventDefault();
      const { value, selectionStart, selectionEnd } = this.textarea;
      this.applyEdit(indent(value, selectionStart, selectionEnd, e.shiftKey));
      return;
    }
    this.tabLeaves = false;
    if (!mod || e.altKey || e.shiftKey) return;
    const key = e.key.toLowerCase();
    const { value, selectionStart, selectionEnd } = this.textarea;
    let edit = null;
    if (key === 'b') edit = toggleWrap(value, selectionStart, selectionEnd, '**');
    else if (key === 'i') edit = toggleWrap(value, selectionStart, selectionEnd, '_');
    else if (key === 'k') edit = makeLink(value, selectionStart, selectionEnd);
    if (edit) {
      e.preventDefault();
      this.applyEdit(edit);
    }
  }

  /** One replacement through the browser's editing commands, so undo/redo keep working. */
  applyEdit({ from, to, insert, selectionStart, selectionEnd }) {
    const ta = this.textarea;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(from, to);
    let done = false;
    try {
      done = insert === '' && from === to ? true : document.execCommand('insertText', false, insert);
    } catch {
      done = false;
    }
    if (!done) {
      ta.setRangeText(insert, from, to, 'end');
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));
    }
    ta.setSelectionRange(selectionStart, selectionEnd);
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
          queueMs: start.handler - start.event, // the browser's own work before the handler
          roundTripMs: patchStart - start.handler, // handler start -> result on the page
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
    const text = this.textarea.value;
    const starts = lineStarts(text);
    const [lineStart, lineEnd] = lineRange(text, starts, line);
    const col = utf16Column(text.slice(lineStart, lineEnd), column || 1);
    let from = offsetOf(text, starts, line, col);
    if (from >= lineEnd) from = lineStart;
    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(from, Math.max(from, lineEnd));
    this.revealLine(line, 1 / 3);
  }

  /** Scrolls the source so `line` sits at `fraction` of its height (unless already visible). */
  revealLine(line, fraction) {
    const ta = this.textarea;
    const top = this.geometry.lineTop(line);
    const bottom = this.geometry.lineTop(line + 1);
    if (top >= ta.scrollTop && bottom <= ta.scrollTop + ta.clientHeight) return;
    ta.scrollTop = Math.max(0, top - ta.clientHeight * fraction);
  }

  // ---- scroll sync and clicks ----------------------------------------------------------

  onSourceScroll() {
    if (this.gutter.hidden === false) this.gutter.scrollTop = this.textarea.scrollTop;
    if (this.expected.source !== null && Math.abs(this.textarea.scrollTop - this.expected.source) <= 1) {
      this.expected.source = null;
      return;
    }
    this.expected.source = null;
    this.scheduleSync('source');
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
    if (this.lineCountStale) this.updateGutter();
    return this.lineCount + 1;
  }

  syncPreviewToSource() {
    const ta = this.textarea;
    const pv = this.preview;
    const maxPreview = pv.scrollHeight - pv.clientHeight;
    let y;
    if (ta.scrollTop >= ta.scrollHeight - ta.clientHeight - 1) y = maxPreview;
    else {
      const line = this.geometry.lineAt(ta.scrollTop);
      const g = this.view.geometry(pv);
      y = lineToY(line, g.lines, g.tops, this.endLine(), g.height);
    }
    y = Math.max(0, Math.min(maxPreview, Math.round(y)));
    if (Math.abs(pv.scrollTop - y) < 1) return;
    pv.scrollTop = y;
    this.expected.preview = pv.scrollTop;
  }

  syncSourceToPreview() {
    const ta = this.textarea;
    const pv = this.preview;
    const maxSource = ta.scrollHeight - ta.clientHeight;
    let y;
    if (pv.scrollTop >= pv.scrollHeight - pv.clientHeight - 1) y = maxSource;
    else {
      const g = this.view.geometry(pv);
      const line = yToLine(pv.scrollTop, g.lines, g.tops, this.endLine(), g.height);
      y = this.geometry.lineTop(line);
    }
    y = Math.max(0, Math.min(maxSource, Math.round(y)));
    if (Math.abs(ta.scrollTop - y) < 1) return;
    ta.scrollTop = y;
    this.expected.source = ta.scrollTop;
  }

  onPreviewClick(e) {
    const link = e.target.closest?.('a[href]');
    if (link && (e.ctrlKey || e.metaKey)) return; // open the link as usual
    if (link) e.preventDefault(); // a plain click edits; it does not leave the editor
    if (window.getSelection()?.toString()) return; // selecting text to copy
    const block = this.view.blockOf(e.target);
    if (!block) return;
    const line = Number(block.getAttribute('data-line'));
    const text = this.textarea.value;
    const offset = offsetOf(text, lineStarts(text), line, 1);
    // Put the line at the same height in the source as the block in the preview.
    const blockY = block.getBoundingClientRect().top - this.preview.getBoundingClientRect().top;
    const ta = this.textarea;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(offset, offset);
    const y = Math.max(0, Math.min(ta.scrollHeight - ta.clientHeight, Math.round(this.geometry.lineTop(line) - blockY)));
    if (Math.abs(ta.scrollTop - y) >= 1) {
      ta.scrollTop = y;
      this.expected.source = ta.scrollTop;
    }
  }

  // ---- line numbers and wrapping -----------------------------------------------------

  setWrap(on) {
    this.textarea.setAttribute('wrap', on ? 'soft' : 'off');
    this.wrapToggle.checked = on;
    if (on && !this.numbersToggle.checked) this.gutter.hidden = true;
    if (on && this.numbersToggle.checked) this.setLineNumbers(false);
    this.geometry.invalidate();
  }

  setLineNumbers(on) {
    this.numbersToggle.checked = on;
    if (on) this.setWrap(false); // numbers line up with unwrapped lines
    this.gutter.hidden = !on;
    this.gutterCount = -1;
    this.updateGutter();
  }

  updateGutter() {
    const text = this.text;
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    this.lineCount = count;
    this.lineCountStale = false;
    if (this.gutter.hidden || this.gutterCount === count) return;
    this.gutterCount = count;
    const numbers = new Array(count);
    for (let i = 0; i < count; i++) numbers[i] = i + 1;
    this.gutter.textContent = `${numbers.join('\n')}\n`;
    this.gutter.scrollTop = this.textarea.scrollTop;
  }

  // ---- drafts ------------------------------------------------------------------------

  scheduleAutosave() {
    if (this.autosaveTimer || this.autosavePaused) return;
    // Copying a long text into IndexedDB blocks the page for a moment: less often, still < 1 s.
    const delay = this.text.length > 200_000 ? AUTOSAVE_LONG_MS : AUTOSAVE_MS;
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

  record() {
    const ta = this.textarea;
    const doc = this.doc;
    return {
      text: this.text,
      selectionStart: ta.selectionStart,
      selectionEnd: ta.selectionEnd,
      scrollTop: ta.scrollTop,
      name: doc.name,
      path: doc.path,
      handle: doc.handle ?? undefined,
      fileSaved: this.text === doc.fileText,
    };
  }

  async saveNow({ force = false } = {}) {
    if (!this.doc) return;
    const version = this.version;
    const doc = this.doc;
    let record = this.record();
    try {
      if (!force && !this.conflict && version === this.savedVersion) {
        // Only the cursor moved: keep it with the draft this tab wrote or loaded, if any,
        // without a new revision (other tabs have nothing to hear about).
        if (this.baseRev > 0) {
          const { selectionStart, selectionEnd, scrollTop } = record;
          await this.store.putCursor(doc.key, this.baseRev, { selectionStart, selectionEnd, scrollTop });
        }
        return;
      }
      if (this.conflict) {
        // Until the user decides, this tab's text goes beside the shared draft, not over it.
        await this.store.put(`${doc.key}#tab-${this.store.tabId}`, record, 0, { force: true });
        if (doc === this.doc && version === this.version) this.savedVersion = version;
        this.setStatus(`Draft kept apart from the other tab’s ${new Date().toLocaleTimeString()}`);
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
        this.setStatus(`Draft kept ${new Date().toLocaleTimeString()}`);
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
      if (record.text !== this.textarea.value) {
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

  destroy() {
    this.flushAutosave();
    for (const undo of this.cleanup) undo();
    this.renderer.destroy();
    this.store.close();
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
    window.quireEditor = {
      editor,
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
        editor.stats = { latencies: [], handler: [], renders: 0, patches: [] };
      },
    };
  }
  await editor.start();
  return { editor, destroy: () => editor.destroy() };
}
