// The command line of a bench script: `--name value` options and `--name` flags.
const args = process.argv.slice(2);

/** The value after `--name`, else `fallback`. */
export function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

/** Whether `--name` was given. */
export const flag = (name) => args.includes(`--${name}`);
