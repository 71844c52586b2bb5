// Test hooks for the Markdown engine, for tests/e2e only: production code never imports this
// file. A real WebAssembly trap (not a thrown Error) proves that a broken instance is dropped
// and a fresh one takes over, in the page (quire.js) and in the editor's render worker
// (editor/test-worker.js).
//
//   // in the page, from a test (page.evaluate):
//   (await import(new URL('test-hooks.js', appScriptUrl))).trapNextCall();
import { adopt, ready } from './quire.js';

/**
 * Traps for real: a 28-byte module whose one exported function's body is `unreachable`.
 * Throws a WebAssembly.RuntimeError.
 */
export function trap() {
  const bytes = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, // magic, version
    1, 4, 1, 96, 0, 0, // type section: () -> ()
    3, 2, 1, 0, // function section
    7, 5, 1, 1, 116, 0, 0, // export "t"
    10, 5, 1, 3, 0, 0, 11, // code: unreachable; end
  ]);
  new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.t();
}

/**
 * The next call into the page's engine (quire.js: parsePost, setSite, …) traps. Loads the
 * engine, then hands quire.js a stand-in whose functions trap once, through adopt(): the
 * recovery (a readable error, a fresh instance on the next ready()) is quire.js's own.
 */
export async function trapNextCall() {
  const engine = await ready();
  let armed = true;
  adopt(
    new Proxy(
      {},
      {
        get(_, name) {
          const value = engine[name];
          if (!armed || typeof value !== 'function') return value;
          // A plain function, so that `new quire.SearchIndex(…)` traps too.
          return function trapped() {
            armed = false;
            trap();
          };
        },
      },
    ),
  );
}
