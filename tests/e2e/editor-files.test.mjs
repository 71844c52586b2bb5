// The editor's documents and drafts in real Chromium (editor-page.mjs): the draft kept across a
// reload and shared between tabs (conflicts included), files opened, dropped, saved in place or
// downloaded, and a new post from the template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEditorPage, SOURCE, TIMEOUT, longPost, newPage, openEditor, paste, readOpfs, replaceAll, saved, select, settled, textOf, twoTabsInConflict, typeAtEnd, waitFor, writeOpfs, wwwUrl } from './editor-page.mjs';

useEditorPage();

test('text and cursor survive a reload', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-reload', '---\ntitle: Reload\n---\n\nOriginal.\n');
  try {
    await typeAtEnd(page, '\nTyped before the reload.\n');
    await select(page, 30, 34);
    await settled(page);
    await saved(page);
    await page.reload();
    await settled(page);
    const state = await page.evaluate(() => ({ value: window.quireEditor.text(), ...window.quireEditor.selection() }));
    assert.match(state.value, /Typed before the reload\./);
    assert.deepEqual([state.start, state.end], [30, 34]);
    assert.match(await page.locator('.qe-body').innerText(), /Typed before the reload\./);
    assert.match(await page.locator('.qe-banner').innerText(), /Restored your unsaved edits/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a second tab does not clobber the first', TIMEOUT, async () => {
  const { first, second } = await twoTabsInConflict('e2e-tabs', 'Two tabs');
  try {
    const conflicts = await Promise.all(
      [first.page, second.page].map((p) => p.evaluate(() => document.querySelector('.quire-editor').dataset.conflict === 'true')),
    );
    assert.deepEqual(conflicts, [false, true], 'the second tab learns its draft is not the shared one');
    const [winner, loser] = [first, second];
    const winnerText = await textOf(winner.page);
    const loserText = await textOf(loser.page);
    assert.notEqual(winnerText, loserText);
    assert.ok(await loser.page.locator('.qe-banner').isVisible());
    // The loser keeps typing: the shared draft still holds the winner's text.
    await typeAtEnd(loser.page, 'Still typing.\n');
    await saved(loser.page);
    await winner.page.reload();
    await settled(winner.page);
    assert.equal(await textOf(winner.page), winnerText);
    assert.match(await textOf(loser.page), /Still typing\./);
    // Keeping the loser's text is an explicit choice, and then the other tab follows it.
    await loser.page.getByRole('button', { name: /Keep this tab/ }).click();
    await saved(loser.page);
    await winner.page.waitForFunction(() => /Still typing\./.test(window.quireEditor.text()));
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
  } finally {
    await first.page.close();
    await second.page.close();
  }
});

test('the editor mounted with no site and no index opens a new post from the template', TIMEOUT, async () => {
  const { page, problems } = await newPage();
  try {
    await page.goto(wwwUrl('edit.html?test-hooks'));
    await settled(page);
    const value = await textOf(page);
    assert.match(value, /^---\ntitle: "Untitled post"\ndate: \d{4}-\d{2}-\d{2}\n/);
    assert.match(await page.locator('.qe-hidden-note').innerText(), /draft/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the source scroll position survives a reload', TIMEOUT, async () => {
  const source = longPost(40);
  const { page, problems } = await openEditor('e2e-reload-scroll', source);
  try {
    await typeAtEnd(page, 'An edit, so a draft is kept.');
    const line = source.split('\n').indexOf('## Section 25') + 1;
    await saved(page);
    const top = await page.evaluate(async (n) => {
      await window.quireEditor.scrollSourceTo(n);
      return window.quireEditor.editor.cm.scrollDOM.scrollTop;
    }, line);
    assert.ok(top > 0, 'the source scrolled');
    // The scroll schedules an autosave of the position; wait until the kept draft has it
    // (polling the store, not the timer: a slow machine can run the 400 ms timer between polls).
    await page.waitForFunction(async (want) => {
      const e = window.quireEditor.editor;
      const draft = await e.store.get(e.doc.key);
      return !e.autosaveTimer && Math.abs((draft?.scrollTop ?? -1) - want) <= 1;
    }, top, { timeout: 10_000 });
    await page.reload();
    await settled(page);
    await page.waitForFunction((n) => Math.abs(window.quireEditor.sourceTopLine() - n) < 1, line, { timeout: 5_000 });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a draft kept inside its record, as before its text was kept apart, is restored, and kept apart at its next save', TIMEOUT, async () => {
  const name = 'e2e-old-draft';
  const source = '---\ntitle: Old draft\n---\n\nOriginal.\n';
  let { page, problems } = await openEditor(name, source);
  let record;
  try {
    await typeAtEnd(page, '\nKept by an older Quire.\n');
    await saved(page);
    record = await page.evaluate(async () => {
      const e = window.quireEditor.editor;
      return e.store.get(e.doc.key);
    });
    assert.match(record.text, /Kept by an older Quire\./);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
  // The database as the editor kept it before (version 1): one store, the text in the record.
  ({ page, problems } = await newPage());
  try {
    await page.goto(wwwUrl('css/site.css'));
    await page.evaluate(async (old) => {
      const done = (request) => new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await done(indexedDB.deleteDatabase('quire-editor'));
      const open = indexedDB.open('quire-editor', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('drafts', { keyPath: 'key' });
      const db = await done(open);
      const tx = db.transaction('drafts', 'readwrite');
      tx.objectStore('drafts').put(old);
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, record);
  } finally {
    await page.close();
  }
  ({ page, problems } = await openEditor(name, source));
  try {
    assert.match(await textOf(page), /Kept by an older Quire\./, 'the old draft is restored');
    assert.match(await page.locator('.qe-banner').innerText(), /Restored your unsaved edits/);
    await typeAtEnd(page, 'And by this one.\n');
    await saved(page);
    const kept = await page.evaluate(async () => {
      const key = window.quireEditor.editor.doc.key;
      const db = await new Promise((resolve) => (indexedDB.open('quire-editor').onsuccess = (e) => resolve(e.target.result)));
      const tx = db.transaction(['drafts', 'texts']);
      const get = (store) => new Promise((resolve) => (tx.objectStore(store).get(key).onsuccess = (e) => resolve(e.target.result)));
      const [draft, text] = [await get('drafts'), await get('texts')];
      db.close();
      return { inRecord: 'text' in draft, text };
    });
    assert.equal(kept.inRecord, false, 'the record no longer holds the text');
    assert.match(kept.text, /Kept by an older Quire\.\nAnd by this one\./);
    await page.reload();
    await settled(page);
    assert.match(await textOf(page), /And by this one\./);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a dropped Markdown file opens in the editor instead of being pasted into the text', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-drop', '---\ntitle: Before the drop\n---\n\nOld text.\n');
  try {
    const dropped = '---\ntitle: Dropped\n---\n\nFrom a file.\n';
    await page.locator(SOURCE).evaluate((el, text) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([text], 'dropped.md', { type: 'text/markdown' }));
      const at = el.getBoundingClientRect();
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true, clientX: at.left + 20, clientY: at.top + 20 }));
      }
    }, dropped);
    await page.waitForFunction(() => window.quireEditor.editor.doc?.name === 'dropped.md');
    await settled(page);
    await page.waitForTimeout(200); // a paste of the file's text would have landed by now
    assert.equal(await textOf(page), dropped);
    assert.equal(await page.locator('.qe-preview h1').innerText(), 'Dropped');
    assert.equal(await page.locator('.qe-file').innerText(), 'dropped.md');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a posts folder opened with the File System Access API saves back in place', TIMEOUT, async () => {
  // Only the picker dialog is stood in for: it hands over a real directory handle (from the
  // origin-private file system), so reading, listing and writing are Chromium's own.
  const opened = await newPage();
  await opened.page.addInitScript(() => {
    window.showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('fsa-site', { create: true });
  });
  const { page, problems } = await openEditor('e2e-fsa', '---\ntitle: Unrelated\n---\n\nNot this one.\n', { page: opened });
  try {
    await writeOpfs(page, 'fsa-site', '2024-01-01-on-disk.md', '---\ntitle: On disk\n---\n\nRead from the folder.\n');
    await writeOpfs(page, 'fsa-site', 'notes.txt', 'not a post');
    await page.getByRole('button', { name: 'Open folder…' }).click();
    const folder = page.locator('.qe-folder');
    await folder.waitFor();
    assert.deepEqual(await folder.locator('option').allTextContents(), ['fsa-site/ (1 posts)', '2024-01-01-on-disk.md']);
    await folder.selectOption('2024-01-01-on-disk.md');
    await waitFor(async () => (await textOf(page)).includes('Read from the folder.'), 'the file opens');
    await settled(page);
    assert.match(await page.locator('.qe-body').innerText(), /Read from the folder\./);
    await typeAtEnd(page, 'Saved in place.');
    await page.keyboard.press('Control+s');
    // While Chromium swaps the written file in, reading it can fail for a moment.
    const onDisk = () => readOpfs(page, 'fsa-site', '2024-01-01-on-disk.md').catch(() => '');
    await waitFor(async () => (await onDisk()).includes('Saved in place.'), 'the file on disk changes');
    assert.equal(await readOpfs(page, 'fsa-site', '2024-01-01-on-disk.md'), await textOf(page));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('without the File System Access API the file picker opens a post and Save downloads it', TIMEOUT, async () => {
  const opened = await newPage();
  await opened.page.addInitScript(() => {
    delete window.showOpenFilePicker;
    delete window.showSaveFilePicker;
    delete window.showDirectoryPicker;
  });
  const { page, problems } = await openEditor('e2e-picker', '---\ntitle: Unrelated\n---\n\nNot this one.\n', { page: opened });
  try {
    assert.equal(await page.getByRole('button', { name: 'Open folder…' }).count(), 0, 'no folder button without the API');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles({ name: 'picked.md', mimeType: 'text/markdown', buffer: Buffer.from('---\ntitle: Picked\n---\n\nFrom the picker.\n') });
    await waitFor(async () => (await textOf(page)).includes('From the picker.'), 'the picked file opens');
    await settled(page);
    assert.equal(await page.locator('.qe-preview-title').innerText(), 'Picked');
    await typeAtEnd(page, 'Changed.');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    const file = await download;
    assert.equal(file.suggestedFilename(), 'picked.md');
    const { readFile } = await import('node:fs/promises');
    assert.equal(await readFile(await file.path(), 'utf8'), await textOf(page));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('New starts from the template after asking, and Download names the file after the title', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-new', '---\ntitle: Old one\n---\n\nOld text.\n');
  const dialogs = [];
  page.on('dialog', (dialog) => dialogs.push(dialog.type()));
  try {
    await typeAtEnd(page, 'Unsaved.');
    await page.getByRole('button', { name: 'New' }).click();
    await waitFor(async () => /^---\ntitle: "Untitled post"/.test(await textOf(page)), 'the template opens');
    await settled(page);
    assert.ok(dialogs.includes('confirm'), 'leaving unsaved edits asks first');
    assert.equal(await page.locator('.qe-file').innerText(), 'new post');
    assert.match(page.url(), /edit\.html\?test-hooks=?$/, 'the address no longer names the old post');
    await replaceAll(page, '---\ntitle: Fresh Words\ndate: 2024-02-03\n---\n\nBody.\n');
    await settled(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), '2024-02-03-fresh-words.md');
    assert.equal(await page.locator('.qe-status').innerText(), 'Downloaded 2024-02-03-fresh-words.md.');
    const { readFile } = await import('node:fs/promises');
    assert.equal(await readFile(await file.path(), 'utf8'), await textOf(page));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('in a conflict, using the other tab’s text takes it and clears the banner', TIMEOUT, async () => {
  const { first, second } = await twoTabsInConflict('e2e-take-theirs', 'Other tab');
  try {
    const banner = second.page.locator('.qe-banner');
    assert.match(await banner.innerText(), /also changed in another tab/);
    await second.page.getByRole('button', { name: /Use the other tab/ }).click();
    await waitFor(async () => (await textOf(second.page)) === (await textOf(first.page)), 'the other tab’s text comes in');
    assert.ok(await banner.isHidden());
    assert.equal(await second.page.evaluate(() => document.querySelector('.quire-editor').dataset.conflict), undefined);
    // Undo brings this tab's text back: taking theirs was one edit.
    await second.page.locator(SOURCE).press('Control+z');
    await waitFor(async () => (await textOf(second.page)).includes('From the second tab.'), 'undo restores this tab’s text');
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
  } finally {
    await first.page.close();
    await second.page.close();
  }
});

test('a tab with no unsaved edits follows the other tab and says so', TIMEOUT, async () => {
  const source = '---\ntitle: Follow\n---\n\nShared.\n';
  const first = await openEditor('e2e-follow', source);
  const second = await openEditor('e2e-follow', source);
  try {
    await typeAtEnd(first.page, '\nTyped in the first tab.\n');
    await saved(first.page);
    await waitFor(async () => (await textOf(second.page)).includes('Typed in the first tab.'), 'the second tab follows');
    assert.equal(await second.page.locator('.qe-status').innerText(), 'Updated with the edits made in another tab.');
    assert.ok(await second.page.locator('.qe-banner').isHidden());
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
  } finally {
    await first.page.close();
    await second.page.close();
  }
});
