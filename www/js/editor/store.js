// Drafts in IndexedDB, one record per document key, with a revision number so two tabs on
// the same draft never silently overwrite each other: a write succeeds only if the stored
// revision is still the one this tab last saw (compare-and-swap in one transaction). Other
// tabs hear about every write on a BroadcastChannel.

const DB_NAME = 'quire-editor';
const STORE = 'drafts';
const CHANNEL = 'quire-editor-drafts';

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export class DraftStore {
  constructor() {
    this.tabId = crypto.randomUUID();
    this.db = null;
    this.listeners = new Set();
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    if (this.channel) {
      this.channel.onmessage = (event) => {
        const message = event.data;
        if (message?.tabId === this.tabId) return;
        for (const listener of this.listeners) listener(message);
      };
    }
  }

  /** Opens the database; rejects when IndexedDB is unavailable (the editor still works). */
  async open() {
    if (this.db) return this.db;
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) {
        request.result.createObjectStore(STORE, { keyPath: 'key' });
      }
    };
    this.db = await promisify(request);
    this.db.onversionchange = () => this.db?.close();
    return this.db;
  }

  async get(key) {
    const db = await this.open();
    return (await promisify(db.transaction(STORE).objectStore(STORE).get(key))) ?? null;
  }

  /**
   * Writes `record` (text, cursor...) under `key` if the stored revision is `baseRev`
   * (0 = no record yet) or `force` is set. Resolves to { ok: true, rev } or
   * { ok: false, current } with the record that is in the way.
   */
  async put(key, record, baseRev, { force = false } = {}) {
    const db = await this.open();
    const result = await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      let outcome;
      const read = store.get(key);
      read.onsuccess = () => {
        const current = read.result ?? null;
        const currentRev = current?.rev ?? 0;
        if (!force && currentRev !== baseRev) {
          outcome = { ok: false, current };
          return;
        }
        const rev = currentRev + 1;
        store.put({ ...record, key, rev, tabId: this.tabId, savedAt: Date.now() });
        outcome = { ok: true, rev };
      };
      tx.oncomplete = () => resolve(outcome);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('draft write aborted'));
    });
    if (result.ok) this.channel?.postMessage({ type: 'saved', key, rev: result.rev, tabId: this.tabId });
    return result;
  }

  /**
   * Updates only the cursor and scroll of the record under `key`, and only while it is still
   * revision `baseRev` (this tab's text): no new revision, no message to other tabs.
   */
  async putCursor(key, baseRev, cursor) {
    const db = await this.open();
    await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const read = store.get(key);
      read.onsuccess = () => {
        const current = read.result;
        if (current && current.rev === baseRev) store.put({ ...current, ...cursor });
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }

  async delete(key) {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    this.channel?.postMessage({ type: 'deleted', key, tabId: this.tabId });
  }

  /** listener({ type: 'saved' | 'deleted', key, rev, tabId }) for writes by other tabs. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close() {
    this.channel?.close();
    this.db?.close();
    this.listeners.clear();
  }
}
