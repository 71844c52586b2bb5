// The live-preview editor (www/edit.html, www/js/editor/) in real Chromium: www/ served over
// HTTP, the wasm build from www/pkg and CodeMirror from www/vendor (run `make wasm vendor`
// first). Each test opens its own post file (served through page.route) so the drafts kept in
// IndexedDB never mix between tests, and each fails on any console error or uncaught page
// error. Keys go to CodeMirror's .cm-content as a user's would; the text and the selection
// are read through the editor's test hooks (window.quireEditor, with ?test-hooks), since
// CodeMirror draws only the lines in view (editor-page.mjs).
//
// This file: typing and the preview, the keys, the two panes in step, the post's details.
// editor-render.test.mjs: the renderer at scale and its recovery; editor-files.test.mjs: files and drafts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEditorPage, SOURCE, TIMEOUT, longPost, openEditor, replaceAll, select, selectionOf, settled, textOf, typeAtEnd } from './editor-page.mjs';

useEditorPage();

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
