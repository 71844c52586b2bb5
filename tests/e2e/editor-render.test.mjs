// The editor's renderer in real Chromium (editor-page.mjs): a 1 MB post, a long preview kept in
// order and in chunks, unchanged blocks kept as they are, edits rendered on the page after a pause,
// and the recovery from a trap in the worker or on the page with the text intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEditorPage, GIF, TIMEOUT, longPost, openEditor, paste, rendersLocally, select, settled, textOf, typeAtEnd, typeThroughTrap } from './editor-page.mjs';

useEditorPage();

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
