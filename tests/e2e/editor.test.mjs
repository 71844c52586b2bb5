// The live-preview editor (www/edit.html, www/js/editor/) in real Chromium: www/ served over
// HTTP, the wasm build from www/pkg and CodeMirror from www/vendor (run `make wasm vendor`
// first). Each test opens its own post file (served through page.route) so the drafts kept in
// IndexedDB never mix between tests, and each fails on any console error or uncaught page
// error. Keys go to CodeMirror's .cm-content as a user's would; the text and the selection
// are read through the editor's test hooks (window.quireEditor, with ?test-hooks), since
// CodeMirror draws only the lines in view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';
import { launch } from './browser.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const TIMEOUT = { timeout: 90_000 };
const GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

let server;
let browser;

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

/** Serves `source` as posts/NAME.md on this page, then opens the editor on it. */
async function openEditor(name, source, { page: existing } = {}) {
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
async function settled(page) {
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
async function saved(page) {
  await page.waitForFunction(
    () => {
      const e = window.quireEditor?.editor;
      return e && e.savedVersion === e.version && !e.autosaveTimer;
    },
    null,
    { timeout: 10_000 },
  );
}

const SOURCE = '.cm-content';

/** The source text (through the test hooks). */
const textOf = (page) => page.evaluate(() => window.quireEditor.text());

/** The source selection { start, end, focused } (through the test hooks). */
const selectionOf = (page) => page.evaluate(() => window.quireEditor.selection());

/** Selects [anchor, head) in the source and focuses it. */
const select = (page, anchor, head = anchor) => page.evaluate(([a, b]) => window.quireEditor.setSelection(a, b), [anchor, head]);

/** Types `text` key by key (Enter for a line break) at the end of the source. */
async function typeAtEnd(page, text) {
  await page.evaluate(() => window.quireEditor.setSelection(window.quireEditor.text().length));
  await page.keyboard.type(text);
}

/** Pastes `text` over the selection, as a paste from the clipboard arrives. */
async function paste(page, text) {
  await page.locator(SOURCE).evaluate((el, t) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

/** Selects all the source with Ctrl+A and pastes `text` over it. */
async function replaceAll(page, text) {
  await page.locator(SOURCE).press('Control+a');
  await paste(page, text);
}

function longPost(sections) {
  const parts = ['---', 'title: A long post', 'date: 2024-03-01', '---', ''];
  for (let i = 1; i <= sections; i++) {
    parts.push(`## Section ${i}`, '');
    for (let p = 0; p < 3; p++) {
      parts.push(`Paragraph ${p + 1} of section ${i}. ${'Words that fill the line and wrap around. '.repeat(4)}`, '');
    }
  }
  return parts.join('\n');
}

test('typing updates the preview', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-typing', '---\ntitle: Typing\n---\n\nFirst paragraph.\n');
  try {
    assert.equal(await page.locator('.qe-preview h1').innerText(), 'Typing');
    await typeAtEnd(page, '\n## A new heading\n\nWith *emphasis*.\n');
    await settled(page);
    const heading = page.locator('.qe-body h2');
    assert.equal(await heading.innerText(), 'A new heading');
    assert.equal(await heading.getAttribute('data-line'), '7');
    assert.equal(await page.locator('.qe-body em').innerText(), 'emphasis');
    await replaceAll(page, '---\ntitle: Renamed\ntags: [one, two]\n---\n\nOnly this.\n');
    await settled(page);
    assert.equal(await page.locator('.qe-preview h1').innerText(), 'Renamed');
    assert.equal(await page.locator('.qe-body').innerText(), 'Only this.');
    assert.match(await page.locator('.qe-meta').innerText(), /#one #two/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('an unchanged image block is the same DOM element before and after an edit elsewhere', TIMEOUT, async () => {
  const source = `---\ntitle: Images\n---\n\nIntro.\n\n![a dot](${GIF})\n\n\`\`\`rust\nfn main() {}\n\`\`\`\n\nOutro.\n`;
  const { page, problems } = await openEditor('e2e-image', source);
  try {
    const before = await page.evaluateHandle(() => document.querySelector('.qe-body img').closest('[data-line]'));
    assert.equal(await before.evaluate((el) => el.getAttribute('data-line')), '7');
    await page.evaluate(() => {
      window.__preBefore = document.querySelector('.qe-body pre');
    });
    // An edit above the image moves it two lines down; one below changes the last block.
    await select(page, 11);
    await paste(page, 'Another intro line.\n\n');
    await settled(page);
    await typeAtEnd(page, 'More outro.\n');
    await settled(page);
    const same = await before.evaluate((el) => el.isConnected && el === document.querySelector('.qe-body img').closest('[data-line]'));
    assert.equal(same, true, 'the image block keeps its element');
    assert.equal(await before.evaluate((el) => el.getAttribute('data-line')), '9', 'and its data-line follows the source');
    assert.equal(await page.evaluate(() => window.__preBefore === document.querySelector('.qe-body pre')), true, 'the code block too');
    assert.match(await page.locator('.qe-body').innerText(), /More outro\./);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('scroll sync moves the other pane', TIMEOUT, async () => {
  const source = longPost(60);
  const { page, problems } = await openEditor('e2e-scroll', source);
  try {
    const lineOf = (text) => source.split('\n').indexOf(text) + 1;
    // Source -> preview: put "## Section 30" at the top of the source.
    const line30 = lineOf('## Section 30');
    await page.evaluate((line) => window.quireEditor.scrollSourceTo(line), line30);
    await page.waitForFunction(() => document.querySelector('.qe-preview').scrollTop > 0);
    await page.waitForTimeout(100);
    const offset30 = await page.evaluate(() => {
      const pv = document.querySelector('.qe-preview');
      const h = [...pv.querySelectorAll('h2')].find((el) => el.textContent === 'Section 30');
      return h.getBoundingClientRect().top - pv.getBoundingClientRect().top;
    });
    assert.ok(Math.abs(offset30) < 60, `Section 30 is at the top of the preview (${offset30}px away)`);

    // Preview -> source: put "Section 45" at the top of the preview.
    await page.evaluate(() => {
      const pv = document.querySelector('.qe-preview');
      const h = [...pv.querySelectorAll('h2')].find((el) => el.textContent === 'Section 45');
      pv.scrollTop += h.getBoundingClientRect().top - pv.getBoundingClientRect().top;
    });
    const line45 = lineOf('## Section 45');
    await page.waitForFunction(
      (line) => Math.abs(window.quireEditor.sourceTopLine() - line) < 1.5,
      line45,
      { timeout: 5_000 },
    );
    // And the mouse wheel over the source scrolls the preview with it.
    const previewBefore = await page.evaluate(() => document.querySelector('.qe-preview').scrollTop);
    await page.locator(SOURCE).hover();
    await page.mouse.wheel(0, 600);
    await page.waitForFunction((y) => document.querySelector('.qe-preview').scrollTop > y + 100, previewBefore);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('clicking a block in the preview puts the cursor on its source line', TIMEOUT, async () => {
  const source = longPost(5);
  const { page, problems } = await openEditor('e2e-click', source);
  try {
    await page.locator('.qe-body h2', { hasText: 'Section 3' }).click();
    const cursor = await selectionOf(page);
    assert.equal(cursor.focused, true);
    assert.equal(source.slice(cursor.start).split('\n')[0], '## Section 3');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('clicking a diagnostic selects the source and the body keeps previewing', TIMEOUT, async () => {
  const source = '---\ntitle: Broken\ntags: [one, two\ndate: 2024-01-01\n---\n\n## Still here\n\nThe body renders.\n';
  const { page, problems } = await openEditor('e2e-diagnostics', source);
  try {
    assert.ok(await page.locator('.qe-body h2', { hasText: 'Still here' }).isVisible());
    const item = page.locator('.qe-diag-list button').first();
    const where = await item.locator('.qe-where').innerText();
    const [line, column] = where.split(':').map(Number);
    assert.ok(line >= 1 && column >= 1, `line:column, got ${where}`);
    await item.click();
    const selection = await selectionOf(page);
    assert.equal(selection.focused, true);
    assert.ok(selection.end > selection.start, 'something is selected');
    const lineOfStart = source.slice(0, selection.start).split('\n').length;
    assert.equal(lineOfStart, line, 'the selection starts on the diagnostic line');
    const lineStart = source.lastIndexOf('\n', selection.start - 1) + 1;
    assert.equal(selection.start - lineStart + 1, column, 'at its column');
    // Fixing it clears the list; the body never stopped rendering.
    await select(page, 0);
    await replaceAll(page, source.replace('[one, two', '[one, two]'));
    await settled(page);
    assert.ok(await page.locator('.qe-diagnostics').isHidden());
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a draft or future post carries a note that readers will not see it', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-hidden', '---\ntitle: Later\ndate: 2999-01-01\n---\n\nSoon.\n');
  try {
    const note = page.locator('.qe-hidden-note');
    assert.match(await note.innerText(), /dated in the future/);
    await replaceAll(page, '---\ntitle: Now\ndate: 2001-01-01\n---\n\nSoon.\n');
    await settled(page);
    assert.ok(await note.isHidden());
    await replaceAll(page, '---\ntitle: Now\ndate: 2001-01-01\ndraft: true\n---\n\nSoon.\n');
    await settled(page);
    assert.match(await note.innerText(), /draft/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

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

/**
 * Two tabs of the same draft that both edit before either draft is written; the first one
 * writes first, so the second is in conflict.
 */
async function twoTabsInConflict(key, title) {
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

/**
 * With a trap armed in the editor 'Trap' (text 'Before the trap.'): types a paragraph, which
 * must survive the trap and show after a restart (`check` then asserts more), then another,
 * which the restarted renderer must show too.
 */
async function typeThroughTrap(page, check = async () => {}) {
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

test('a forced worker trap recovers with the text intact', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-trap', '---\ntitle: Trap\n---\n\nBefore the trap.\n');
  try {
    // The worker's recovery: edits stay in the worker (after a pause they may render on the page).
    await page.evaluate(() => window.quireEditor.renderInWorker());
    await page.evaluate(() => window.quireEditor.forceTrap());
    await typeThroughTrap(page); // then the new worker keeps rendering
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('hostile front matter and body show as text and run nothing', TIMEOUT, async () => {
  const source = [
    '---',
    'title: "<img src=x onerror=alert(1)><script>alert(2)</script>"',
    'tags: ["<svg onload=alert(3)>"]',
    '---',
    '',
    '<script>alert(4)</script>',
    '',
    '<svg onload="alert(5)"></svg>',
    '',
    '[click](javascript:alert(6))',
    '',
    '<a href="javascript:alert(7)">raw</a>',
    '',
  ].join('\n');
  const { page, problems } = await openEditor('e2e-hostile', source);
  try {
    const dialogs = [];
    page.on('dialog', (d) => dialogs.push(d.message()));
    await page.evaluate(() => {
      window.__fired = [];
      for (const name of ['alert', 'confirm', 'prompt']) window[name] = (m) => window.__fired.push(m);
    });
    assert.equal(await page.locator('.qe-preview h1').innerText(), '<img src=x onerror=alert(1)><script>alert(2)</script>');
    assert.equal(await page.locator('.qe-preview .tags li').innerText(), '<svg onload=alert(3)>');
    const links = page.locator('.qe-body a');
    for (let i = 0; i < (await links.count()); i++) await links.nth(i).click();
    await page.waitForTimeout(200);
    assert.equal(await page.locator('.qe-body script, .qe-body [onload], .qe-body [onerror]').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.__fired), []);
    assert.deepEqual(dialogs, []);
    assert.ok(page.url().includes('edit.html'), 'no navigation');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('Tab indents, Ctrl+B bolds, and undo takes both back', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-keys', 'word\n');
  try {
    await select(page, 0, 4);
    await page.keyboard.press('Control+b');
    assert.equal(await textOf(page), '**word**\n');
    await select(page, 0);
    await page.keyboard.press('Tab');
    assert.equal(await textOf(page), '  **word**\n');
    await page.keyboard.press('Control+z');
    assert.equal(await textOf(page), '**word**\n');
    await page.keyboard.press('Control+z');
    assert.equal(await textOf(page), 'word\n');
    await page.keyboard.press('Control+y');
    assert.equal(await textOf(page), '**word**\n', 'and redo brings it back');
    await settled(page);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the editor mounted with no site and no index opens a new post from the template', TIMEOUT, async () => {
  const { page, problems } = await browser.newPage();
  try {
    await page.goto(new URL('edit.html?test-hooks', server.url).href);
    await settled(page);
    const value = await textOf(page);
    assert.match(value, /^---\ntitle: "Untitled post"\ndate: \d{4}-\d{2}-\d{2}\n/);
    assert.match(await page.locator('.qe-hidden-note').innerText(), /draft/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('Ctrl+I and Ctrl+K mark up the selection, and Escape then Tab leaves the source', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-more-keys', 'see docs\n');
  try {
    await select(page, 4, 8);
    await page.keyboard.press('Control+i');
    assert.equal(await textOf(page), 'see _docs_\n');
    await page.keyboard.press('Control+k');
    assert.equal(await textOf(page), 'see _[docs](url)_\n');
    assert.deepEqual(await selectionOf(page), { start: 12, end: 15, focused: true }, 'the url is selected to type over');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await textOf(page), 'see _[docs](url)_\n', 'no indent');
    assert.equal((await selectionOf(page)).focused, false, 'the focus moved on');
    await settled(page);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('line numbers and wrapping are toggles that keep the text', TIMEOUT, async () => {
  const line = `A long line ${'that goes on '.repeat(30)}to the end.`;
  const { page, problems } = await openEditor('e2e-toggles', `${line}\n\nShort.\n`);
  try {
    const wraps = () => page.locator(SOURCE).evaluate((el) => el.classList.contains('cm-lineWrapping'));
    const numbers = page.locator('.cm-lineNumbers');
    assert.equal(await wraps(), true, 'wrapped by default');
    assert.equal(await numbers.count(), 0, 'no line numbers by default');
    await page.getByLabel('Line numbers').check();
    assert.match(await numbers.innerText(), /1\s+2\s+3/);
    assert.equal(await wraps(), true, 'numbers and wrapping go together');
    await page.getByLabel('Wrap').uncheck();
    assert.equal(await wraps(), false);
    const scrolls = await page.evaluate(() => {
      const sc = document.querySelector('.cm-scroller');
      return sc.scrollWidth > sc.clientWidth;
    });
    assert.equal(scrolls, true, 'the long line scrolls sideways');
    await page.getByLabel('Line numbers').uncheck();
    assert.equal(await numbers.count(), 0);
    assert.equal(await textOf(page), `${line}\n\nShort.\n`);
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

test('a 1 MB post opens and typing in its middle updates the preview', TIMEOUT, async () => {
  const source = longPost(1700);
  assert.ok(source.length > 1_000_000, `${source.length} characters`);
  const { page, problems } = await openEditor('e2e-one-megabyte', source);
  try {
    const marker = 'Paragraph 2 of section 850.';
    const at = source.indexOf(marker) + marker.length;
    await select(page, at);
    await page.keyboard.type(' Typed in the middle.');
    await settled(page);
    const text = await textOf(page);
    assert.equal(text.length, source.length + ' Typed in the middle.'.length);
    assert.equal(text.slice(at - marker.length, at + 21), `${marker} Typed in the middle.`);
    const paragraph = page.locator('.qe-body p', { hasText: `${marker} Typed in the middle.` });
    assert.equal(await paragraph.count(), 1);
    assert.equal(await paragraph.getAttribute('data-line'), String(source.slice(0, at).split('\n').length));
    const drawn = await page.locator('.cm-line').count();
    assert.ok(drawn < 1_000, `only the lines in view are drawn (${drawn} of ${source.split('\n').length})`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

/** Waits until edits render on the page (renderer.js moves them there after a pause in typing). */
async function rendersLocally(page) {
  await page.waitForFunction(() => window.quireEditor.rendersLocally(), null, { timeout: 10_000 });
}

test('after a pause in typing, each key renders on the page, inside the keystroke, even in a 1 MB post', TIMEOUT, async () => {
  const source = longPost(1700);
  const { page, problems } = await openEditor('e2e-local', source);
  try {
    await rendersLocally(page);
    const marker = 'Paragraph 2 of section 850.';
    const at = source.indexOf(marker) + marker.length;
    await select(page, at);
    await page.evaluate(() => window.quireEditor.resetStats());
    await page.keyboard.type(' Typed here.');
    await settled(page);
    const { patches, latencies } = await page.evaluate(() => window.quireEditor.stats());
    assert.equal(patches.length, ' Typed here.'.length, 'one render per key');
    assert.ok(patches.every((p) => p.local), 'every key rendered on the page');
    assert.equal(latencies.length, patches.length);
    const paragraph = page.locator('.qe-body p', { hasText: `${marker} Typed here.` });
    assert.equal(await paragraph.count(), 1);
    assert.equal(await paragraph.getAttribute('data-line'), String(source.slice(0, at).split('\n').length));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a trap while rendering on the page hands the text to the worker, intact', TIMEOUT, async () => {
  const { page, problems } = await openEditor('e2e-local-trap', '---\ntitle: Trap\n---\n\nBefore the trap.\n');
  try {
    await rendersLocally(page);
    await page.evaluate(() => window.quireEditor.forceLocalTrap());
    // Then the worker keeps rendering, and the page's engine was restarted for its other uses.
    await typeThroughTrap(page, async () => {
      assert.equal(await page.evaluate(() => window.quireEditor.stats().restarts), 1);
      assert.equal(await page.evaluate(() => window.quireEditor.rendersLocally()), false);
    });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a long preview keeps every block in order, in chunks, through big pastes and cuts', TIMEOUT, async () => {
  const paragraphs = (from, n, word) => Array.from({ length: n }, (_, i) => `${word} ${from + i}.`);
  const first = paragraphs(0, 600, 'Paragraph');
  const source = `---\ntitle: Long\n---\n\n${first.join('\n\n')}\n`;
  const { page, problems } = await openEditor('e2e-chunks', source);
  const shown = () =>
    page.evaluate(() => {
      const body = document.querySelector('.qe-body');
      const chunks = [...body.children];
      const blocks = chunks.flatMap((c) => [...c.children]);
      return {
        chunks: chunks.length,
        allChunks: chunks.every((c) => c.classList.contains('qe-chunk') && c.childNodes.length > 0 && c.childNodes.length <= 200),
        texts: blocks.map((b) => b.textContent),
        lines: blocks.map((b) => Number(b.getAttribute('data-line'))),
      };
    });
  const check = async (expected, what) => {
    const view = await shown();
    assert.ok(view.chunks > 1 && view.allChunks, `${what}: ${view.chunks} chunks of at most 200 blocks`);
    assert.deepEqual(view.texts, expected, `${what}: the blocks in order`);
    assert.ok(view.lines.every((line, i) => i === 0 || line > view.lines[i - 1]), `${what}: data-line ascends`);
  };
  try {
    await check(first, 'opened');
    await page.evaluate(() => {
      window.__lastBlock = document.querySelector('.qe-body').lastElementChild.lastElementChild;
    });
    // Paste 450 paragraphs after paragraph 299: more than fits in the chunk they land in.
    const at = source.indexOf('Paragraph 300.');
    const pasted = paragraphs(0, 450, 'Pasted');
    await select(page, at);
    await paste(page, `${pasted.join('\n\n')}\n\n`);
    await settled(page);
    await check([...first.slice(0, 300), ...pasted, ...first.slice(300)], 'after the paste');
    // Cut them again.
    await select(page, at, at + pasted.join('\n\n').length + 2);
    await page.keyboard.press('Delete');
    await settled(page);
    await check(first, 'after the cut');
    assert.equal(
      await page.evaluate(() => window.__lastBlock === document.querySelector('.qe-body').lastElementChild.lastElementChild),
      true,
      'the blocks after the edits kept their elements',
    );
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

/** Writes `text` to NAME in the origin-private file system's `dir`, a real File System Access directory. */
const writeOpfs = (page, dir, name, text) =>
  page.evaluate(
    async ([d, n, t]) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(d, { create: true });
      const writable = await (await folder.getFileHandle(n, { create: true })).createWritable();
      await writable.write(t);
      await writable.close();
    },
    [dir, name, text],
  );

const readOpfs = (page, dir, name) =>
  page.evaluate(
    async ([d, n]) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(d);
      return (await (await folder.getFileHandle(n)).getFile()).text();
    },
    [dir, name],
  );

async function waitFor(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting: ${what}`);
}

test('a posts folder opened with the File System Access API saves back in place', TIMEOUT, async () => {
  // Only the picker dialog is stood in for: it hands over a real directory handle (from the
  // origin-private file system), so reading, listing and writing are Chromium's own.
  const opened = await browser.newPage();
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
  const opened = await browser.newPage();
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

test('the post details and the preview header show date, reading time, tags and draft state', TIMEOUT, async () => {
  const source = '---\ntitle: Details\ndate: 2024-03-05\ntags: [alpha, beta]\n---\n\nSome words here.\n';
  const { page, problems } = await openEditor('e2e-details', source);
  try {
    const meta = (cls) => page.locator(`.qe-meta .${cls}`).innerText();
    assert.equal(await meta('qe-meta-title'), 'Details');
    assert.equal(await meta('qe-meta-tags'), '#alpha #beta');
    assert.equal(await meta('qe-meta-draft'), 'published');
    assert.match(await meta('qe-meta-reading'), /min read · 3 words$/);
    const time = page.locator('.qe-preview .post-meta time');
    assert.equal(await time.getAttribute('datetime'), '2024-03-05');
    assert.equal(await meta('qe-meta-date'), await time.innerText());
    assert.match(await time.innerText(), /2024/);
    assert.deepEqual(await page.locator('.qe-preview ul.tags li').allInnerTexts(), ['alpha', 'beta']);
    assert.equal(await page.evaluate(() => document.querySelector('.quire-editor').classList.contains('is-file-dirty')), false);
    await replaceAll(page, '---\ntitle: Second\ndraft: true\n---\n\nNo date.\n');
    await settled(page);
    await page.waitForFunction(() => document.querySelector('.quire-editor').classList.contains('is-file-dirty'));
    assert.equal(await meta('qe-meta-title'), 'Second');
    assert.equal(await page.locator('.qe-preview h1').innerText(), 'Second');
    assert.equal(await meta('qe-meta-date'), 'no date');
    assert.equal(await meta('qe-meta-tags'), 'no tags');
    assert.equal(await meta('qe-meta-draft'), 'draft');
    assert.ok(await page.locator('.qe-meta-draft.is-draft').isVisible());
    assert.ok(await time.isHidden());
    assert.ok(await page.locator('.qe-preview ul.tags').isHidden());
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
