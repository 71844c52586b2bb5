// The editor's renderer: a module worker holding its own instance of the Quire wasm module,
// so parsing never blocks typing. Protocol (all messages are plain objects):
//
//   in:  { type: 'render', id, source, options }   render this text (newest wins)
//        { type: 'test-trap' }                     test hook: the next render traps for real
//                                                  (honoured only when started with ?test-hooks)
//   out: { type: 'ready' }
//        { type: 'rendered', id, post, keys, lines, renderMs }
//        { type: 'failed', id, message, trapped }  the instance may be broken: restart me
//
// `post` is the Post without its html (the blocks carry it) and without excerptHtml.
import init, { parsePost } from '../../pkg/quire.js';
import { splitBlocks } from './blocks.js';

const testHooks = new URL(self.location.href).searchParams.has('test-hooks');
let trapNext = false;
let latest = null;
let scheduled = false;

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
  scheduled = false;
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
  self.postMessage({ type: 'rendered', id: job.id, post, keys, lines, renderMs: performance.now() - started });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message?.type === 'render') {
    latest = message; // a newer request replaces one that has not started
    await ready;
    if (!scheduled) {
      scheduled = true;
      setTimeout(run, 0);
    }
  } else if (message?.type === 'test-trap' && testHooks) {
    trapNext = true;
  }
};
