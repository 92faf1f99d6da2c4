// Loads dist/core.js (the Docker and Valkey half of the core) the first time it is needed.
import type * as Runtime from '../core/runtime';

let runtime: typeof Runtime | undefined;

export function core(): typeof Runtime {
  // A plain require of the sibling bundle; esbuild leaves it alone (it is marked external).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the sibling bundle, loaded on first use
  runtime ??= require('./core.js') as typeof Runtime;
  return runtime;
}
