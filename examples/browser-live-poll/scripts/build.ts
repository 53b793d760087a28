import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the pages are built: serve this directory (e.g. `startReferenceServer({ staticDir })`). */
export const LIVE_POLL_DIST = join(packageDir, 'dist');

export interface BuildLivePollOptions {
  /** @default LIVE_POLL_DIST */
  outdir?: string;
  /** @default true */
  minify?: boolean;
}

/**
 * Bundles the presenter and participant pages (vanilla TS, `@pollwire/client` from its sources) and copies the
 * HTML and CSS next to them.
 *
 * @example
 * const dir = await buildLivePoll();
 * await startReferenceServer({ port: 8080, staticDir: dir });
 */
export async function buildLivePoll(options: BuildLivePollOptions = {}): Promise<string> {
  const outdir = options.outdir ?? LIVE_POLL_DIST;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(packageDir, 'src/presenter.ts'), join(packageDir, 'src/participant.ts')],
    outdir,
    bundle: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    minify: options.minify ?? true,
    sourcemap: true,
    logLevel: 'warning',
  });
  await cp(join(packageDir, 'public'), outdir, { recursive: true });
  return outdir;
}

/**
 * Bundles one module and its dependencies into a single browser ESM file, resolving packages as published
 * (no `source` condition): the tests load the BUILT client this way.
 */
export async function bundleBrowserModule(options: { entry: string; outfile: string }): Promise<void> {
  await build({
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = await buildLivePoll();
  console.log(`browser-live-poll built into ${outdir}`);
}
