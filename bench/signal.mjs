// Waiting for a moment a page reports itself, without running anything in the page meanwhile.
//
// Playwright's page.waitForFunction and locators evaluate its injected script in the page
// first: on this machine 22 ms of the renderer's main thread (11.7 ms of it parsing), which
// lands in the middle of a cold load the bench is timing (a trace of the 404.html cold start
// shows it between the wasm's download and its compile). A CDP binding (Runtime.addBinding)
// is a plain function on `window` in every document the page opens, with nothing evaluated:
// the page's init script calls `window[name](json)` when the moment has come, and the bench
// awaits that call here.

/**
 * Installs `window[name]` in every document of `page`'s future navigations (call before
 * page.goto). Resolves to `{ next(timeoutMs, what) }`: the payload of the next call (parsed
 * JSON), or an error naming `what` after `timeoutMs`.
 */
export async function pageSignal(cdp, name) {
  const waiting = [];
  const arrived = [];
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== name) return;
    const payload = JSON.parse(event.payload);
    const next = waiting.shift();
    if (next) next(payload);
    else arrived.push(payload);
  });
  await cdp.send('Runtime.enable'); // without it the binding is never installed
  await cdp.send('Runtime.addBinding', { name });
  return {
    next(timeoutMs, what) {
      if (arrived.length) return Promise.resolve(arrived.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          reject(new Error(`${what}: not reported within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (payload) => {
          clearTimeout(timer);
          resolve(payload);
        };
        waiting.push(done);
      });
    },
  };
}
