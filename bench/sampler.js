// The timing loop of `make bench`'s throughput rows, the same in the Chromium page (bench/page.js)
// and in Node (bench/node.mjs): plain JavaScript, no DOM.

let sink = 0; // every result's length goes here, so no call can be optimized away
const outputLength = (result) => (typeof result === 'string' ? result.length : result.html.length);

const utf8 = new TextEncoder();

/** Adds each input's UTF-8 byte counts (sourceBytes, bodyBytes): MB/s counts 10^6 bytes of input. */
export function sizeInputs(inputs) {
  for (const input of Object.values(inputs)) {
    input.sourceBytes = input.items.reduce((n, it) => n + utf8.encode(it.source).length, 0);
    input.bodyBytes = input.items.reduce((n, it) => n + utf8.encode(it.body).length, 0);
  }
}

/**
 * Times every impl in `implNames` on `inputName`, interleaved so that a busy moment of this
 * shared machine falls on all of them alike: first each impl's warm-up (at least `warmCalls`
 * calls and `warmMs`), then rounds in which each impl takes one sample (in an order that
 * rotates), until `minRounds` and about `minMsPerImpl` per impl (or `maxRounds`). A sample is
 * enough calls to last >= 10 ms (the page clock is coarse). One call is one input, or the whole
 * batch for the corpus (each post parsed separately). Returns, per impl, the median time per
 * call and what the outputs looked like. `inputs`: name -> { items: [{ path, source, body }], batch };
 * `impls`: name -> { input: 'source' | 'body', fn(item) }.
 */
export function measure(inputs, inputName, impls, implNames, { warmCalls = 3, warmMs = 300, minRounds = 7, minMsPerImpl = 1000, maxRounds = 40 } = {}) {
  const input = inputs[inputName];
  if (!input) throw new Error(`unknown input: ${inputName}`);
  const subjects = implNames.map((name) => {
    const impl = impls[name];
    if (!impl) throw new Error(`unknown impl: ${name}`);
    // One checking pass first: failures are reported (and left out of the timed calls).
    const failures = [];
    const ok = [];
    let outputChars = 0;
    for (const item of input.items) {
      try {
        outputChars += outputLength(impl.fn(item));
        ok.push(item);
      } catch (err) {
        failures.push(`${item.path}: ${err?.message ?? err}`.slice(0, 200));
      }
    }
    const call = () => {
      for (const item of ok) sink += outputLength(impl.fn(item));
    };
    const bytes = ok.reduce((n, it) => n + utf8.encode(impl.input === 'source' ? it.source : it.body).length, 0);
    return { name, impl, ok, failures, outputChars, call, bytes, samples: [] };
  });
  for (const s of subjects) {
    const start = performance.now();
    let calls = 0;
    while (calls < warmCalls || performance.now() - start < warmMs) {
      s.call();
      calls++;
    }
    s.callsPerSample = Math.max(1, Math.ceil(10 / ((performance.now() - start) / calls)));
  }
  const start = performance.now();
  for (let round = 0; round < minRounds || (performance.now() - start < minMsPerImpl * subjects.length && round < maxRounds); round++) {
    for (let k = 0; k < subjects.length; k++) {
      const s = subjects[(k + round) % subjects.length];
      const t = performance.now();
      for (let i = 0; i < s.callsPerSample; i++) s.call();
      s.samples.push((performance.now() - t) / s.callsPerSample);
    }
  }
  return subjects.map((s) => {
    const samples = [...s.samples].sort((a, b) => a - b);
    const medianMs = samples[Math.floor(samples.length / 2)];
    return {
      impl: s.name,
      input: inputName,
      fed: s.impl.input,
      items: s.ok.length,
      bytes: s.bytes,
      medianMs,
      minMs: samples[0],
      maxMs: samples[samples.length - 1],
      samples: samples.length,
      callsPerSample: s.callsPerSample,
      mbps: s.bytes / (medianMs / 1000) / 1e6,
      postsPerSecond: input.batch ? s.ok.length / (medianMs / 1000) : null,
      outputChars: s.outputChars,
      failures: s.failures,
      sink: sink % 1000,
    };
  });
}
