// Files in and out: open a .md file (picker or drop), download it, and in browsers with the
// File System Access API (Chromium) open a posts folder and save back in place; under
// `quire serve`, files save straight into the site.
import { liveUrl } from '../blog/live.js';
import { h } from '../blog/dom.js';

export const MARKDOWN_TYPES = [
  { description: 'Markdown posts', accept: { 'text/markdown': ['.md', '.markdown', '.mdown', '.mkd', '.txt'] } },
];

export const hasFileSystemAccess = () =>
  typeof window.showOpenFilePicker === 'function' && typeof window.showDirectoryPicker === 'function';

/** A file the author may open by hand: a Markdown file, or plain text. */
export function isMarkdownName(name) {
  return /\.(md|markdown|mdown|mkd|txt)$/i.test(name);
}

/** A post in a posts folder: what `quire build` takes for one (site::is_markdown in the CLI). */
export function isPostName(name) {
  return !name.startsWith('.') && /\.(md|markdown|mdown|mkd)$/i.test(name);
}

/** Reads a File as text, dropping a UTF-8 byte-order mark the way the parser would. */
export async function readFile(file) {
  return file.text();
}

/** Lets the user pick one file. Resolves to { name, text, handle? } or null when cancelled. */
export async function pickFile(input) {
  if (hasFileSystemAccess()) {
    try {
      const [handle] = await window.showOpenFilePicker({ types: MARKDOWN_TYPES, multiple: false });
      const file = await handle.getFile();
      return { name: file.name, text: await readFile(file), handle };
    } catch (err) {
      if (err?.name === 'AbortError') return null;
      throw err;
    }
  }
  return new Promise((resolve) => {
    input.value = '';
    input.onchange = async () => {
      const file = input.files?.[0];
      resolve(file ? { name: file.name, text: await readFile(file) } : null);
    };
    input.oncancel = () => resolve(null);
    input.click();
  });
}

/**
 * Opens a folder (Chromium): the posts are its .md files, or those of its `posts/`
 * subfolder when it has one (a whole site was picked). Resolves to
 * { name, dir, files: [{ name, handle }] } sorted newest name first, or null.
 */
export async function pickFolder() {
  let root;
  try {
    root = await window.showDirectoryPicker({ mode: 'readwrite', id: 'quire-posts' });
  } catch (err) {
    if (err?.name === 'AbortError') return null;
    throw err;
  }
  let dir = root;
  try {
    dir = await root.getDirectoryHandle('posts');
  } catch {
    dir = root;
  }
  const files = [];
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === 'file' && isPostName(name)) files.push({ name, handle });
  }
  files.sort((a, b) => b.name.localeCompare(a.name));
  return { name: dir.name, dir, files };
}

/** Writes `text` to a file handle, asking for permission first when needed. */
export async function writeHandle(handle, text) {
  if (typeof handle.queryPermission === 'function') {
    const options = { mode: 'readwrite' };
    if ((await handle.queryPermission(options)) !== 'granted' && (await handle.requestPermission(options)) !== 'granted') {
      throw new Error('permission to write the file was not granted');
    }
  }
  const writable = await handle.createWritable();
  await writable.write(text);
  await writable.close();
}

/** Asks where to save (Chromium); resolves to a handle or null when cancelled or unsupported. */
export async function pickSaveHandle(suggestedName, startIn) {
  if (typeof window.showSaveFilePicker !== 'function') return null;
  try {
    return await window.showSaveFilePicker({ suggestedName, types: MARKDOWN_TYPES, startIn });
  } catch (err) {
    if (err?.name === 'AbortError') return null;
    throw err;
  }
}

/**
 * Saves `text` as the site file `path` (`posts/NAME.md`) through `quire serve`, whose index
 * names the endpoint (`save`, a site path). `create`: refuse to replace an existing file.
 * Resolves to the saved path; rejects with the server's reason.
 */
export async function saveToSite(save, path, text, { create = false } = {}) {
  const url = liveUrl(`${save.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`);
  const headers = { 'Content-Type': 'text/markdown; charset=utf-8' };
  if (create) headers['If-None-Match'] = '*';
  const res = await fetch(url, { method: 'PUT', headers, body: text });
  if (!res.ok) throw new Error((await res.text()).trim() || `HTTP ${res.status}`);
  return (await res.json()).path;
}

/** Downloads `text` as `name` (every browser). */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
