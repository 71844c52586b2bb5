// The editor's renderer moving edits onto the page (renderer.js, local.js) and back to the
// worker, without a browser: a stand-in worker speaks worker.js's protocol with a real Draft, and
// every result, wherever it was rendered, must patch the preview's blocks into what a fresh load
// of the whole text gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Draft, SEED_SOURCE } from './load-quire.mjs';
import { applyUpdate } from '../../www/js/editor/blocks.js';
import { trap } from '../../www/js/test-hooks.js';

const OPTIONS = { path: 'posts/2024-01-15-x.md' };

/** worker.js's protocol over a Draft of this process, answering a task later, as a worker would. */
class StandInWorker {
  constructor() {
    this.received = []; // the type of every request
    this.draft = null;
  }

  postMessage(job) {
    this.received.push(job.type);
    setTimeout(() => {
      const started = performance.now();
      let update;
      if (job.type === 'load') {
        this.draft?.free();
        this.draft = new Draft(job.options);
        update = this.draft.load(job.source);
      } else {
        update = this.draft.edit(job.from, job.to, job.text);
      }
      const { post, prefix, suffix, middle, incremental } = update;
      const data = { type: 'rendered', id: job.id, post, prefix, suffix, middle, incremental, lines: this.draft.lines(), renderMs: performance.now() - started };
      this.onmessage?.({ data });
    }, 0);
  }

  terminate() {
    this.draft?.free();
  }
}
globalThis.Worker = StandInWorker;
const { Renderer } = await import('../../www/js/editor/renderer.js');

/** An editor without a page: its text, the preview's blocks, and where each result came from. */
function editorOf(text, limits = {}) {
  const state = { text, version: 0, rendered: -1, blocks: [], results: [], statuses: [] };
  const renderer = new Renderer({
    ...limits,
    read: (from, to) => state.text.slice(from, to),
    onResult: (message, version) => {
      state.blocks = applyUpdate(state.blocks, message);
      state.rendered = version;
      state.results.push({ version, local: Boolean(message.local), renderMs: message.renderMs });
    },
    onStatus: (kind, status) => state.statuses.push(`${kind}: ${status}`),
  });
  state.renderer = renderer;
  state.edit = (from, to, insert) => {
    state.text = state.text.slice(0, from) + insert + state.text.slice(to);
    renderer.change(from, to, insert.length, ++state.version);
  };
  state.settled = async () => {
    for (let i = 0; i < 2000 && state.rendered !== state.version; i++) await sleep(5);
    assert.equal(state.rendered, state.version, 'the newest text is rendered');
  };
  /** Waits out the pause after which edits move to the page (renderer.js LOCAL_IDLE_MS). */
  state.pause = async () => {
    for (let i = 0; i < 400 && !renderer.local; i++) await sleep(5);
  };
  state.assertWhole = (message) => {
    const fresh = new Draft(OPTIONS);
    assert.deepEqual(state.blocks, fresh.load(state.text).middle, message);
    fresh.free();
  };
  renderer.load(OPTIONS, 0);
  return state;
}

test('after a pause in typing, each edit renders on the page before change() returns, into the blocks a whole render gives', async () => {
  const ed = editorOf(SEED_SOURCE);
  try {
    await ed.settled();
    assert.equal(ed.results[0].local, false, 'the first render is the worker\'s');
    await ed.pause();
    assert.ok(ed.renderer.local, 'edits moved to the page');
    const sent = ed.renderer.worker.received.length;
    let at = ed.text.indexOf('\n\n', ed.text.indexOf('\n---\n') + 5);
    for (const insert of ['A new paragraph', ' with *emphasis*', '\n\n# A heading', '\n\n- a list', '\n- item']) {
      ed.edit(at, at, insert);
      at += insert.length;
      assert.equal(ed.rendered, ed.version, `"${insert}" is on screen when change() returns`);
      assert.equal(ed.results.at(-1).local, true);
    }
    // A deletion across blocks, then a replacement.
    ed.edit(at - 20, at, '');
    ed.edit(10, 14, 'Replaced');
    assert.equal(ed.rendered, ed.version);
    ed.assertWhole('the page\'s results add up to the whole text\'s blocks');
    assert.equal(ed.renderer.worker.received.length, sent, 'the worker heard of none of these edits');
  } finally {
    ed.renderer.destroy();
  }
});

test('an edit of the whole post that takes long on the page sends the next ones to the worker, which first loads the whole text', async () => {
  // A budget no edit meets (renderer.js's is LOCAL_EDIT_MS): the first edit on the page is slow.
  const ed = editorOf(SEED_SOURCE, { localEditMs: 0 });
  try {
    await ed.settled();
    await ed.pause();
    assert.ok(ed.renderer.local, 'the first pause moves edits to the page');
    const end = ed.text.length;
    // A footnote's definition numbers the notes anew: the whole post is rendered.
    ed.edit(end, end, '\n[^slow]: A slow note.\n');
    assert.equal(ed.rendered, ed.version, 'the slow edit still shows at once');
    assert.equal(ed.results.at(-1).local, true);
    assert.equal(ed.renderer.local, null, 'the next edits go to the worker');
    const sent = ed.renderer.worker.received.length;
    ed.edit(end, end, 'x');
    assert.equal(ed.renderer.worker.received[sent], 'load', 'the worker first gets the whole text it missed');
    await ed.settled();
    assert.equal(ed.results.at(-1).local, false);
    ed.assertWhole('the worker\'s result adds up to the whole text\'s blocks');
    // Only edits the worker renders fast (none, with this budget) bring them back to the page.
    await sleep(400);
    assert.equal(ed.renderer.local, null);
  } finally {
    ed.renderer.destroy();
  }
});

test('one slow edit of a window of blocks keeps the edits on the page, and a second in a row sends them to the worker', async () => {
  // A budget no edit meets, but for the one edit given a budget it meets.
  const ed = editorOf(SEED_SOURCE, { localEditMs: 0 });
  try {
    await ed.settled();
    await ed.pause();
    assert.ok(ed.renderer.local);
    let end = ed.text.length;
    const type = (text, budget) => {
      ed.renderer.localEditMs = budget;
      ed.edit(end, end, text);
      end += text.length;
      assert.equal(ed.rendered, ed.version, `"${text}" is on screen when change() returns`);
      assert.equal(ed.results.at(-1).local, true, `"${text}" rendered on the page`);
    };
    type('\nA slow paragraph', 0);
    assert.ok(ed.renderer.local, 'one slow window is taken for a pause of the page: edits stay');
    type(', a fast word', 1e9);
    type(', slow again', 0);
    assert.ok(ed.renderer.local, 'a fast edit between two slow ones: they are not in a row');
    type(', and again.', 0);
    assert.equal(ed.renderer.local, null, 'two slow windows in a row: the next edits go to the worker');
    ed.edit(end, end, '\n');
    await ed.settled();
    assert.equal(ed.results.at(-1).local, false);
    ed.assertWhole('the page\'s and the worker\'s results add up to the whole text\'s blocks');
  } finally {
    ed.renderer.destroy();
  }
});

// Last in this file: the trap drops quire.js's full module for this process.
test('a trap while rendering on the page hands the text to the worker, says so, and never renders on the page again', async () => {
  const ed = editorOf(SEED_SOURCE);
  try {
    await ed.settled();
    await ed.pause();
    assert.ok(ed.renderer.local);
    const { draft } = ed.renderer.local;
    draft.edit = () => trap();
    const end = ed.text.length;
    ed.edit(end, end, '\nAfter the trap.\n');
    assert.match(ed.statuses.join('\n'), /restarted\. Your text is untouched/);
    assert.equal(ed.renderer.restarts, 1);
    await ed.settled();
    assert.equal(ed.results.at(-1).local, false, 'the worker rendered the edit');
    assert.match(ed.blocks.join(''), /After the trap\./);
    ed.assertWhole('nothing was lost');
    await sleep(400); // longer than the pause that would move edits to the page
    assert.equal(ed.renderer.local, null, 'edits stay in the worker');
  } finally {
    ed.renderer.destroy();
  }
});
