// The editor's renderer: a module worker holding its own instance of the Quire wasm module and
// the post being edited (a `Draft`), so parsing never blocks typing and an edit re-renders only
// the blocks it can reach. Protocol (plain objects; renderer.js sends one request at a time):
//
//   in:  { type: 'load', id, source, options, site? }   the whole text (and the render options;
//                                                the site, posts/index.json, the first time)
//        { type: 'edit', id, from, to, text }    [from, to) of the last text (UTF-16 offsets)
//                                                is now `text`
//   out: { type: 'ready' }
//        { type: 'rendered', id, post, prefix, suffix, middle, lines, incremental, renderMs }
//          the blocks are now the previous result's first `prefix` blocks, then `middle`
//          (HTML without data-line), then its last `suffix` blocks; `lines` (Uint32Array) has
//          every block's source line. `post` is the Post without html, excerptHtml and toc.
//        { type: 'failed', id, message, trapped }  the instance may be broken: restart me
// The tests start test-worker.js instead: this worker plus a message that forces a trap.
// The full module (www/pkg-full): Draft and the template engines are not in the reader's.
import init, { Draft, setSite } from '../../pkg-full/quire.js';
import { renderedMessage } from './blocks.js';

let draft = null;

const ready = init().then(
  () => self.postMessage({ type: 'ready' }),
  (err) => {
    self.postMessage({ type: 'failed', id: -1, message: `Could not start the Markdown engine: ${err?.message ?? err}`, trapped: false });
    throw err;
  },
);

function run(job) {
  const started = performance.now();
  let update;
  let lines;
  try {
    if (job.type === 'load') {
      if (job.site) setSite(job.site);
      draft?.free();
      draft = new Draft(job.options);
      update = draft.load(job.source);
    } else {
      if (!draft) throw new Error('an edit arrived before any text');
      update = draft.edit(job.from, job.to, job.text);
    }
    lines = draft.lines();
  } catch (err) {
    const trapped = err instanceof WebAssembly.RuntimeError;
    self.postMessage({ type: 'failed', id: job.id, message: String(err?.message ?? err), trapped });
    // After a trap the instance's memory and tables may be inconsistent: never reuse it.
    self.close();
    return;
  }
  const ended = performance.now();
  const extra = { id: job.id, receivedAt: job.receivedAt, sentAt: performance.timeOrigin + ended };
  self.postMessage(renderedMessage(update, lines, started, ended, extra), [lines.buffer]);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message?.type === 'load' || message?.type === 'edit') {
    message.receivedAt = performance.timeOrigin + performance.now();
    await ready;
    run(message);
  }
};
