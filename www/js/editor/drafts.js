// Keeps the open document's draft in this browser (IndexedDB, through store.js) as the author
// types: the text, the cursor and the scroll, a moment after each change. Tabs editing the
// same document hear each other's saves: a tab with nothing unsaved follows the other; a tab
// with its own edits keeps them beside the shared draft (a conflict) until the author chooses.
import { DraftStore } from './store.js';

const AUTOSAVE_MS = 400;
const AUTOSAVE_LONG_MS = 800;

export class Drafts {
  /**
   * `editor` (main.js) gives the document: doc, version, cleanVersion, text(), replaceText(),
   * source (the cursor and scroll), banner, setStatus() and root (whose data-saved-rev,
   * data-saved-version and data-conflict tell what was kept).
   */
  constructor(editor) {
    this.editor = editor;
    this.store = new DraftStore();
    this.baseRev = 0; // the revision of the shared draft this tab last wrote or loaded
    this.savedVersion = 0; // the version last written to IndexedDB
    this.conflict = null; // { theirs } while this tab's text is kept apart
    this.timer = 0;
    this.paused = false; // test-hooks.js holds drafts back
    this.unsubscribe = this.store.subscribe((m) => this.onRemoteSave(m));
  }

  /** Opens the store; rejects when this browser cannot keep drafts. */
  open() {
    return this.store.open();
  }

  /** The draft kept under `key`, or null (also when the store cannot be read). */
  async read(key) {
    try {
      return await this.store.get(key);
    } catch {
      return null;
    }
  }

  /** Keeps `record` under `key` whatever is there (a draft set aside, not the open document's). */
  keepAside(key, record) {
    return this.store.put(key, record, 0, { force: true });
  }

  /**
   * A document was loaded as the editor's current version (from `draft`, a kept record, or
   * null): nothing is pending for it.
   */
  reset(draft) {
    clearTimeout(this.timer);
    this.timer = 0;
    this.baseRev = draft?.rev ?? 0;
    this.conflict = null;
    this.savedVersion = this.editor.version;
  }

  /** Keeps the draft soon (the text, the cursor or the scroll changed). */
  schedule() {
    if (this.timer || this.paused) return;
    // Copying a long text into IndexedDB blocks the page for a moment: less often, still < 1 s.
    const delay = this.editor.source.cm.state.doc.length > 200_000 ? AUTOSAVE_LONG_MS : AUTOSAVE_MS;
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.save();
    }, delay);
  }

  /** Keeps the draft now if it was to be kept soon (the page is being left). */
  flush() {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = 0;
    this.save();
  }

  /** The draft as kept: the text, the cursor and scroll, the file it belongs to. */
  record() {
    const { editor } = this;
    const doc = editor.doc;
    const text = editor.text();
    const fileSaved = text === doc.fileText;
    if (fileSaved) editor.cleanVersion = editor.version;
    editor.root.classList.toggle('is-file-dirty', !fileSaved);
    return {
      text,
      ...editor.source.cursorRecord(),
      name: doc.name,
      path: doc.path,
      handle: doc.handle ?? undefined,
      fileSaved,
    };
  }

  /** Writes the draft; `force` writes over another tab's newer one. */
  async save({ force = false } = {}) {
    const { editor } = this;
    if (!editor.doc) return;
    const version = editor.version;
    const doc = editor.doc;
    try {
      if (!force && !this.conflict && version === this.savedVersion) {
        // Only the cursor moved: keep it with the draft this tab wrote or loaded, if any,
        // without a new revision (other tabs have nothing to hear about).
        if (this.baseRev > 0) await this.store.putCursor(doc.key, this.baseRev, editor.source.cursorRecord());
        return;
      }
      let record = this.record();
      if (this.conflict) {
        // Until the user decides, this tab's text goes beside the shared draft, not over it.
        await this.store.put(`${doc.key}#tab-${this.store.tabId}`, record, 0, { force: true });
        if (doc === editor.doc && version === editor.version) this.savedVersion = version;
        editor.setStatus(`Draft kept apart from the other tab’s ${new Date().toLocaleTimeString()}`, { routine: true });
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
      if (doc !== editor.doc) return;
      if (result.ok) {
        this.baseRev = result.rev;
        if (version === editor.version) this.savedVersion = version;
        editor.root.dataset.savedRev = String(result.rev);
        editor.root.dataset.savedVersion = String(this.savedVersion);
        editor.setStatus(`Draft kept ${new Date().toLocaleTimeString()}`, { routine: true });
      } else {
        this.enterConflict(result.current);
        this.save();
      }
    } catch (err) {
      editor.setStatus(`Could not keep the draft in this browser: ${err?.message ?? err}`);
    }
  }

  /** Another tab kept a draft. */
  async onRemoteSave(message) {
    const { editor } = this;
    if (!editor.doc || message.key !== editor.doc.key || message.type !== 'saved') return;
    if (message.rev <= this.baseRev) return;
    if (editor.version === this.savedVersion && !this.conflict) {
      // Nothing unsaved here: follow the other tab.
      const record = await this.read(editor.doc.key);
      if (!record || record.rev <= this.baseRev || editor.version !== this.savedVersion) {
        if (record && editor.version !== this.savedVersion) this.enterConflict(record);
        return;
      }
      this.baseRev = record.rev;
      if (record.text !== editor.text()) {
        editor.replaceText(record.text);
        this.savedVersion = editor.version;
        editor.setStatus('Updated with the edits made in another tab.');
      }
      return;
    }
    this.enterConflict(await this.read(editor.doc.key));
  }

  enterConflict(theirs) {
    if (this.conflict) {
      this.conflict.theirs = theirs;
      return;
    }
    const { editor } = this;
    this.conflict = { theirs };
    editor.root.dataset.conflict = 'true';
    const resolved = () => {
      this.conflict = null;
      delete editor.root.dataset.conflict;
      editor.banner.hide({ force: true });
    };
    editor.banner.show(
      'This draft was also changed in another tab. Your text here is kept separately until you choose.',
      [
        [
          'Use the other tab\u2019s text',
          async () => {
            const record = (await this.read(editor.doc.key)) ?? this.conflict?.theirs;
            resolved();
            if (record) {
              this.baseRev = record.rev;
              editor.replaceText(record.text, { undoable: true });
            }
          },
        ],
        [
          'Keep this tab\u2019s text',
          () => {
            resolved();
            this.save({ force: true });
          },
        ],
      ],
      { sticky: true },
    );
  }

  close() {
    this.unsubscribe();
    this.store.close();
  }
}
