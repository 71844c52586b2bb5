// The render worker (worker.js) with one test hook, for tests/e2e only: the editor starts it
// instead of worker.js when its test hooks are on (test-hooks.js renderWorker). The message
// { type: 'test-trap' } makes the next render trap for real, inside worker.js's own handling
// (Draft.load or Draft.edit traps), so the renderer's recovery is what the test sees.
import { Draft } from '../../pkg-full/quire.js';
import { trap } from '../test-hooks.js';
import './worker.js';

let trapNext = false;
for (const name of ['load', 'edit']) {
  const original = Draft.prototype[name];
  Draft.prototype[name] = function (...args) {
    if (trapNext) {
      trapNext = false;
      trap();
    }
    return original.apply(this, args);
  };
}

self.addEventListener('message', (event) => {
  if (event.data?.type === 'test-trap') trapNext = true;
});
