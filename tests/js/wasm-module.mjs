// One of the wasm-pack `--target web` builds (www/pkg, www/pkg-full, www/pkg-search) instantiated
// in Node, synchronously (Node cannot fetch the package's own .wasm file). Build them first with
// `make wasm`.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package's JS module, initialized, and its wasm instance. */
export async function instantiate(dir) {
  const pkg = new URL(`../../www/${dir}/`, import.meta.url);
  const wasmFile = fileURLToPath(new URL('quire_bg.wasm', pkg));
  if (!existsSync(wasmFile)) {
    throw new Error(`${wasmFile} is missing: run \`make wasm\` first`);
  }
  const mod = await import(new URL('quire.js', pkg).href);
  const instance = mod.initSync({ module: readFileSync(wasmFile) });
  return { mod, instance };
}
