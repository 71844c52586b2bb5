// Injected by esbuild into the browser bundle of gray-matter (bench/run.mjs): gray-matter calls
// Buffer.from(content) on every call (to keep `file.orig`) and Buffer.isBuffer on its input,
// and the browser has no Buffer. The browser's native UTF-8 encoder stands in, which is no
// slower than the `buffer` polyfill a bundler would add, so gray-matter is not handicapped.
const encoder = new TextEncoder();
export const Buffer = {
  from: (value) => (typeof value === 'string' ? encoder.encode(value) : value),
  isBuffer: () => false,
};
