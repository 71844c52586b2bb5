// The numbers `make bench` (bench/run.mjs, bench/site.mjs) prints: KB are 1000 bytes, sizes are
// brotli 11, medians of an even count average the middle two.
import zlib from 'node:zlib';

/** Bytes to KB (10^3 bytes). */
export const kb = (bytes) => bytes / 1000;

/** A number with `digits` decimals, or `—` when there is none. */
export const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The brotli 11 size of `buf`, as a server would send it. */
export const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
