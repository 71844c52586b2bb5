// The editor's renderer: a module worker holding its own instance of the Quire wasm module,
// so parsing never blocks typing. Protocol (all messages are plain objects):
//
//   in:  { type: 'render', id, source, options }   render this text (newest wins)
//        { type: 'test-trap' }                     test hook: the next render traps for real
//                                                  (honoured only when started with ?test-hooks)
//   out: { type: 'ready' }
//        { type: 'rendered', id, post, prefix, suffix, middle, lines, renderMs }
//          the new blocks are the page's first `prefix` blocks, then `middle` (HTML keys),
//          then its last `suffix` blocks; `lines` (Int32Array) has every block's line
//        { type: 'failed', id, message, trapped }  the instance may be broken: restart me
//
// `post` is the Post without its html (the blocks carry it) and without excerptHtml.
import init, { parsePost } from '../../pkg/quire.js';
import { splitBlocks, diffBlocks } from './blocks.js';

const testHooks = new URL(self.location.href).searchParams.has('test-hooks');
let trapNext = false;
let latest = null;
let previous = []; // the keys of the last result sent

const ready = init().then(
  () => self.postMessage({ type: 'ready' }),
  (err) => {
    self.postMessage({ type: 'failed', id: -1, message: `Could not start the Markdown engine: ${err?.message ?? err}`, trapped: false });
    throw err;
  },
);

/**
 * A real WebAssembly trap (`unreachable`), for the test hook: a 28-byte module exporting one
 * function whose body is `unreachable`.
 */
function trap() {
  const bytes = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, // magic, version
    1, 4, 1, 96, 0, 0, // type section: () -> ()
    3, 2, 1, 0, // function section
    7, 5, 1, 1, 116, 0, 0, // export "t"
    10, 5, 1, 3, 0, 0, 11, // code: unreachable; end
  ]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  instance.exports.t();
}

function run() {
  const job = latest;
  latest = null;
  if (!job) return;
  const started = performance.now();
  let post;
  try {
    if (trapNext) {
      trapNext = false;
      trap();
    }
    post = parsePost(job.source, job.options);
  } catch (err) {
    const trapped = err instanceof WebAssembly.RuntimeError;
    self.postMessage({ type: 'failed', id: job.id, message: String(err?.message ?? err), trapped });
    // After a trap the instance's memory and tables may be inconsistent: never reuse it.
    self.close();
    return;
  }
  const { keys, lines } = splitBlocks(post.html);
  post.html = '';
  post.excerptHtml = '';
  // Only the blocks between the unchanged head and tail travel: the page holds the rest
  // (it applies every result of this worker in order, so its blocks are `previous`).
  const { prefix, suffix } = diffBlocks(previous, keys, { ends: true });
  const middle = keys.slice(prefix, keys.length - suffix);
  previous = keys;
  const lineArray = Int32Array.from(lines);
  self.postMessage({
    type: 'rendered',
    id: job.id,
    post,
    prefix,
    suffix,
    middle,
    lines: lineArray,
    renderMs: performance.now() - started,
    receivedAt: job.receivedAt,
    sentAt: performance.timeOrigin + performance.now(),
  }, [lineArray.buffer]);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message?.type === 'render') {
    message.receivedAt = performance.timeOrigin + performance.now();
    latest = message; // a newer request replaces one that has not started
    await ready;
    run();
  } else if (message?.type === 'test-trap' && testHooks) {
    trapNext = true;
  }
};
