// Which document the editor holds, and moving it in and out: the post the mount options ask
// for (by permalink or path, fetched from the site), a local file (picked, dropped, or from an
// opened folder), a new post from the template, each with the draft this browser kept of it;
// then saving (into the site under `quire serve`, in place through the File System Access API,
// else as a download). files.js does the file I/O itself.
//
// A document is { key, name, path, handle, fileText }: `key` names its draft (drafts.js),
// `fileText` is what its file holds (null: unknown).
import { newPostFileName, newPostSource, ready } from '../quire.js';
import * as files from './files.js';
import { fetchOk } from '../fetch.js';

const SITE_BASE = new URL('../../', import.meta.url);

function normalizePermalink(p) {
  return `/${String(p ?? '').replace(/^\/+|\/+$/g, '')}/`.replace(/\/+/g, '/');
}


export class Documents {
  /** `editor` (main.js): the document state and the parts a document is shown in. */
  constructor(editor) {
    this.editor = editor;
    this.folder = null; // files.pickFolder's result, once a folder is open
  }

  /** Opens what the mount options ask for: a post by permalink or path, a local draft, or new. */
  async start({ permalink = '', path, file }) {
    const { editor } = this;
    // The page's own instance of the engine (the preview has another, in the worker): the new
    // post's text and name and the hidden-from-readers note come from the core. The full
    // module: the new-post helpers are author code, which the reader's module leaves out.
    await ready('full');
    try {
      await editor.drafts.open();
    } catch (err) {
      editor.setStatus(`Drafts cannot be kept in this browser (${err?.message ?? err}): save your file often.`);
    }
    let postPath = typeof path === 'string' && /^[\w][\w./-]*\.(md|markdown)$/.test(path) && !path.includes('..') ? path : null;
    if (!postPath && permalink) {
      const wanted = normalizePermalink(permalink);
      const entry = editor.index?.posts?.find((p) => normalizePermalink(p.permalink) === wanted);
      if (entry?.path) postPath = entry.path;
      else editor.setStatus(`No post has the permalink ${wanted}; starting a new post.`);
    }
    if (postPath) return this.openServerPost(postPath);
    if (typeof file === 'string' && file) {
      const draft = await editor.drafts.read(`file:${file}`);
      if (draft) return this.load({ key: `file:${file}`, name: file, path: null, handle: draft.handle ?? null, fileText: null }, draft.text, draft);
    }
    return this.newPost({ keepDraft: true });
  }

  async openServerPost(path) {
    const { editor } = this;
    const key = `post:${path}`;
    const name = path.split('/').pop();
    let text = null;
    let error = null;
    try {
      text = await (await fetchOk(new URL(path, SITE_BASE), { what: path, cache: 'no-store' })).text();
    } catch (err) {
      error = err;
    }
    const draft = await editor.drafts.read(key);
    const doc = { key, name, path, handle: null, fileText: text };
    if (draft && draft.text !== text) {
      this.load(doc, draft.text, draft);
      const when = new Date(draft.savedAt).toLocaleString();
      editor.banner.show(
        text === null ? `${error?.message}; showing your draft from ${when}.` : `Restored your unsaved edits from ${when}.`,
        text === null ? [] : [['Discard my edits', () => editor.replaceText(text, { undoable: true })]],
      );
    } else if (text !== null) {
      this.load(doc, text, draft);
    } else {
      this.load({ ...doc, fileText: '' }, '', null);
      editor.setStatus(String(error?.message ?? error));
    }
    this.updateUrl({ post: path });
  }

  /** A new post from the template; with keepDraft, the unsaved new-post draft comes back. */
  async newPost({ keepDraft = false } = {}) {
    const { editor } = this;
    if (!keepDraft && editor.fileDirty({ exact: true }) && !window.confirm('Start a new post? Your edits stay in this browser\u2019s drafts only if the current post was saved.')) return;
    const template = newPostSource('', editor.today());
    const draft = keepDraft ? await editor.drafts.read('new') : null;
    if (!keepDraft) {
      // Keep the previous new-post draft as a file draft rather than dropping it.
      const previous = await editor.drafts.read('new');
      if (previous && previous.text !== template) {
        await editor.drafts.keepAside(`file:recovered-${Date.now()}.md`, previous).catch(() => {});
      }
    }
    const doc = { key: 'new', name: null, path: null, handle: null, fileText: draft?.fileSaved ? draft.text : template };
    if (draft) {
      this.load(doc, draft.text, draft);
      editor.setStatus('Restored your new-post draft.');
    } else {
      this.load(doc, template, null);
      editor.drafts.baseRev = (await editor.drafts.read('new'))?.rev ?? 0;
      if (!keepDraft) editor.drafts.save({ force: true });
    }
    this.updateUrl({});
  }

  /** Shows `text` as document `doc`; a draft record restores cursor and scroll. */
  load(doc, text, draft) {
    const { editor } = this;
    editor.doc = doc;
    editor.version++;
    editor.drafts.reset(draft);
    editor.banner.hide({ force: true });
    // A new state: the text, the cursor, and an undo history of its own.
    editor.source.setText(text, draft);
    editor.cleanVersion = text === doc.fileText ? editor.version : -1;
    editor.toolbar.showFile(doc.name ?? 'new post', doc.path ?? doc.name ?? '');
    editor.source.focus();
    editor.source.restoreScroll(draft);
    editor.afterTextChange();
    editor.requestRender();
  }

  /** edit.html: the address bar names the open post or file, so that a reload reopens it. */
  updateUrl(params) {
    if (!this.editor.opts.updateUrl) return;
    const url = new URL(location.href);
    url.searchParams.delete('post');
    url.searchParams.delete('file');
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  /** The file name to save as: the open file's, else one from the post's title and date. */
  suggestedName() {
    const { editor } = this;
    if (editor.doc?.name) return editor.doc.name;
    const post = editor.lastPost;
    const title = post?.title ?? '';
    try {
      return newPostFileName(title, post?.date ?? editor.today());
    } catch {
      return newPostFileName(title, editor.today()); // a date that is not one: name it for today
    }
  }

  async openLocal({ name, text, handle = null }, keyPrefix = 'file:') {
    const { editor } = this;
    editor.drafts.flush();
    const key = `${keyPrefix}${name}`;
    const draft = await editor.drafts.read(key);
    this.load({ key, name, path: null, handle, fileText: text }, text, null);
    editor.drafts.baseRev = draft?.rev ?? 0;
    if (draft && draft.text !== text) {
      const when = new Date(draft.savedAt).toLocaleString();
      editor.banner.show(`You have unsaved edits of ${name} from ${when}.`, [
        ['Restore them', () => editor.replaceText(draft.text, { undoable: true })],
      ]);
    }
    this.updateUrl({ file: name });
    editor.setStatus(`Opened ${name}.`);
  }

  async openFile() {
    try {
      const picked = await files.pickFile(this.editor.toolbar.fileInput);
      if (picked) await this.openLocal(picked);
    } catch (err) {
      this.editor.setStatus(`Could not open the file: ${err?.message ?? err}`);
    }
  }

  /** A drop on the editor: a Markdown file opens (with its handle, where the browser gives one). */
  async onDrop(e) {
    this.editor.root.classList.remove('is-dropping');
    const item = [...(e.dataTransfer?.items ?? [])].find((i) => i.kind === 'file');
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    if (!files.isMarkdownName(file.name)) {
      this.editor.setStatus(`${file.name} is not a Markdown file.`);
      return;
    }
    let handle = null;
    try {
      const fileHandle = await item?.getAsFileSystemHandle?.();
      if (fileHandle?.kind === 'file') handle = fileHandle;
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
      this.editor.toolbar.showFolder(folder);
      this.editor.setStatus(`Opened folder ${folder.name}: pick a post.`);
    } catch (err) {
      this.editor.setStatus(`Could not open the folder: ${err?.message ?? err}`);
    }
  }

  async openFromFolder(name) {
    const entry = this.folder?.files.find((f) => f.name === name);
    if (!entry) return;
    try {
      const file = await entry.handle.getFile();
      await this.openLocal({ name, text: await file.text(), handle: entry.handle }, `fs:${this.folder.name}/`);
    } catch (err) {
      this.editor.setStatus(`Could not open ${name}: ${err?.message ?? err}`);
    }
  }

  async save() {
    const { editor } = this;
    const text = editor.text();
    const version = editor.version;
    const doc = editor.doc;
    if (!doc) return;
    try {
      const site = typeof editor.index?.save === 'string' && editor.index.save ? editor.index.save : null;
      if (site && !doc.handle && !this.folder) {
        // Under `quire serve`: straight into the site's posts/ (a new post never replaces a file).
        const created = !doc.path;
        doc.path = await files.saveToSite(site, doc.path ?? `posts/${this.suggestedName()}`, text, { create: created });
        doc.name = doc.path.split('/').pop();
        editor.setStatus(`Saved ${doc.path}.`);
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
          editor.setStatus(`Saved ${doc.name}.`);
        } else {
          files.download(this.suggestedName(), text);
          editor.setStatus(`Downloaded ${this.suggestedName()}.`);
        }
      }
      doc.fileText = text;
      if (doc === editor.doc) editor.cleanVersion = version;
      editor.root.classList.toggle('is-file-dirty', editor.fileDirty());
      editor.toolbar.showFile(doc.name ?? this.suggestedName());
      editor.drafts.save();
    } catch (err) {
      if (err?.name === 'AbortError') return;
      editor.setStatus(`Could not save: ${err?.message ?? err}. Your text is kept in this browser.`);
    }
  }

  download() {
    const name = this.suggestedName();
    files.download(name, this.editor.text());
    this.editor.setStatus(`Downloaded ${name}.`);
  }
}
