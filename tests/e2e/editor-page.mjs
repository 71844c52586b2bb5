// The editor's test page for tests/e2e/editor*.test.mjs: www/ served over HTTP and one Chromium
// (useEditorPage() starts both for a test file), the editor opened on a post served through
// page.route, and what the tests do to it: type, paste, select, wait for the preview or the
// draft, read the text through the editor's test hooks (window.quireEditor, ?test-hooks).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { launch } from './browser.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
export const TIMEOUT = { timeout: 90_000 };
export const GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

let server;
let browser;

/** Serves www/ and starts the browser before the file's tests; stops both after them. */
export function useEditorPage() {
  before(async () => {
    if (!existsSync(new URL('codemirror/codemirror.js', new URL('../../www/vendor/', import.meta.url)))) {
      throw new Error('www/vendor/codemirror is missing: run `make vendor` first');
    }
    server = await startServer({ root: WWW, host: '127.0.0.1', port: 0 });
    browser = await launch({ locale: 'en-US', timezoneId: 'Europe/Berlin', viewport: { width: 1200, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** A new page (and its console problems) in the test browser. */
export const newPage = () => browser.newPage();

/** An address on the served www/. */
export const wwwUrl = (relative) => new URL(relative, server.url).href;

/** Serves `source` as posts/NAME.md on this page, then opens the editor on it. */
export async function openEditor(name, source, { page: existing } = {}) {
  const { page, problems } = existing ?? (await browser.newPage());
  page.on('dialog', (dialog) => dialog.accept()); // beforeunload on reload
  await page.route(`**/posts/${name}.md`, (route) =>
    route.fulfill({ contentType: 'text/markdown; charset=utf-8', body: source }),
  );
  await page.goto(new URL(`edit.html?test-hooks&post=posts/${name}.md`, server.url).href);
  await settled(page);
  return { page, problems };
}

/** Waits until the preview shows the newest text. */
export async function settled(page) {
  await page.waitForFunction(
    () => {
      const e = window.quireEditor?.editor;
      return e && e.doc && e.renderedVersion === e.version;
    },
    null,
    { timeout: 30_000 },
  );
}

/** Waits until the newest text is kept in IndexedDB. */
export async function saved(page) {
  await page.waitForFunction(
    () => {
      const e = window.quireEditor?.editor;
      return e && e.savedVersion === e.version && !e.autosaveTimer;
    },
    null,
    { timeout: 10_000 },
  );
}

export const SOURCE = '.cm-content';

/** The source text (through the test hooks). */
export const textOf = (page) => page.evaluate(() => window.quireEditor.text());

/** The source selection { start, end, focused } (through the test hooks). */
export const selectionOf = (page) => page.evaluate(() => window.quireEditor.selection());

/** Selects [anchor, head) in the source and focuses it. */
export const select = (page, anchor, head = anchor) => page.evaluate(([a, b]) => window.quireEditor.setSelection(a, b), [anchor, head]);

/** Types `text` key by key (Enter for a line break) at the end of the source. */
export async function typeAtEnd(page, text) {
  await page.evaluate(() => window.quireEditor.setSelection(window.quireEditor.text().length));
  await page.keyboard.type(text);
}

/** Pastes `text` over the selection, as a paste from the clipboard arrives. */
export async function paste(page, text) {
  await page.locator(SOURCE).evaluate((el, t) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

/** Selects all the source with Ctrl+A and pastes `text` over it. */
export async function replaceAll(page, text) {
  await page.locator(SOURCE).press('Control+a');
  await paste(page, text);
}

export function longPost(sections) {
  const parts = ['---', 'title: A long post', 'date: 2024-03-01', '---', ''];
  for (let i = 1; i <= sections; i++) {
    parts.push(`## Section ${i}`, '');
    for (let p = 0; p < 3; p++) {
      parts.push(`Paragraph ${p + 1} of section ${i}. ${'Words that fill the line and wrap around. '.repeat(4)}`, '');
    }
  }
  return parts.join('\n');
}

/**
 * Two tabs of the same draft that both edit before either draft is written; the first one
 * writes first, so the second is in conflict.
 */
export async function twoTabsInConflict(key, title) {
  const source = `---\ntitle: ${title}\n---\n\nShared.\n`;
  const first = await openEditor(key, source);
  const second = await openEditor(key, source);
  for (const tab of [first, second]) await tab.page.evaluate(() => window.quireEditor.pauseAutosave());
  await typeAtEnd(first.page, '\nFrom the first tab.\n');
  await typeAtEnd(second.page, '\nFrom the second tab.\n');
  await first.page.evaluate(() => window.quireEditor.resumeAutosave());
  await saved(first.page);
  await second.page.evaluate(() => window.quireEditor.resumeAutosave());
  await saved(second.page);
  return { first, second };
}

/**
 * With a trap armed in the editor 'Trap' (text 'Before the trap.'): types a paragraph, which
 * must survive the trap and show after a restart (`check` then asserts more), then another,
 * which the restarted renderer must show too.
 */
export async function typeThroughTrap(page, check = async () => {}) {
  await typeAtEnd(page, '\nAfter the trap.\n');
  await page.waitForFunction(() => window.quireEditor.stats().restarts >= 1, null, { timeout: 10_000 });
  await settled(page);
  assert.equal(await textOf(page), '---\ntitle: Trap\n---\n\nBefore the trap.\n\nAfter the trap.\n');
  assert.match(await page.locator('.qe-body').innerText(), /After the trap\./);
  assert.match(await page.locator('.qe-status').innerText(), /restarted/);
  await check();
  await typeAtEnd(page, '\nAnd later.\n');
  await settled(page);
  assert.match(await page.locator('.qe-body').innerText(), /And later\./);
}

/** Waits until edits render on the page (renderer.js moves them there after a pause in typing). */
export async function rendersLocally(page) {
  await page.waitForFunction(() => window.quireEditor.rendersLocally(), null, { timeout: 10_000 });
}

/** Writes `text` to NAME in the origin-private file system's `dir`, a real File System Access directory. */
export const writeOpfs = (page, dir, name, text) =>
  page.evaluate(
    async ([d, n, t]) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(d, { create: true });
      const writable = await (await folder.getFileHandle(n, { create: true })).createWritable();
      await writable.write(t);
      await writable.close();
    },
    [dir, name, text],
  );

export const readOpfs = (page, dir, name) =>
  page.evaluate(
    async ([d, n]) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(d);
      return (await (await folder.getFileHandle(n)).getFile()).text();
    },
    [dir, name],
  );

export async function waitFor(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting: ${what}`);
}
