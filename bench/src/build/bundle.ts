import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Where the child-process bundles go (git- and lint-ignored). */
export const BUILD_DIR = new URL('../../results/.build/', import.meta.url).pathname;
const SRC_DIR = new URL('../', import.meta.url).pathname;

/** npm dependencies stay external: loaded from bench/node_modules at run time, as an app would. */
const EXTERNAL = ['ws', 'socket.io', 'socket.io-client', 'redis', 'bufferutil', 'utf-8-validate'];

/**
 * A `require` for the CommonJS packages bundled in (OpenTelemetry's `require` Node's built-ins), which esbuild's
 * ESM output otherwise refuses with "Dynamic require of … is not supported".
 */
const REQUIRE_BANNER =
  "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);";

export type BuiltEntry = { ok: true; file: string } | { ok: false; reason: string };

/**
 * Bundles one process entry (`server/entries/<name>.ts` or `client/entries/<name>.ts`) to plain JS, so child
 * processes start fast and run the workspace packages from their sources (`source` condition).
 * A stack whose packages do not export what its entry imports fails here, and is reported as unavailable.
 */
export async function bundleEntry(kind: 'server' | 'client', name: string): Promise<BuiltEntry> {
  return bundleFile(join(SRC_DIR, kind, 'entries', `${name}.ts`), `${kind}-${name}`);
}

/** Bundles the entry at `entry` (an absolute path) to `<build dir>/<name>.mjs`. */
export async function bundleFile(entry: string, name: string): Promise<BuiltEntry> {
  if (!existsSync(entry)) return { ok: false, reason: `no entry ${entry}` };
  const file = join(BUILD_DIR, `${name}.mjs`);
  try {
    await build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['source'],
      external: EXTERNAL,
      banner: { js: REQUIRE_BANNER },
      sourcemap: true,
      logLevel: 'silent',
    });
    return { ok: true, file };
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors;
    return { ok: false, reason: errors?.[0]?.text ?? String(error) };
  }
}
