import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build as bundle } from 'esbuild';
import { build } from 'vite';

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
 * Builds the presenter and participant pages (React on `@pollwire/react`, the workspace packages from their
 * sources) with Vite, into static files next to `style.css`.
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
    root: packageDir,
    configFile: false,
    logLevel: 'warn',
    base: './',
    plugins: [react()],
    resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
    build: {
      outDir: outdir,
      emptyOutDir: true,
      minify: options.minify ?? true,
      sourcemap: true,
      target: 'es2022',
      rollupOptions: {
        input: {
          index: join(packageDir, 'index.html'),
          presenter: join(packageDir, 'presenter.html'),
          participant: join(packageDir, 'participant.html'),
        },
      },
    },
  });
  return outdir;
}

/**
 * Bundles one module and its dependencies into a single browser ESM file, resolving packages as published (no
 * `source` condition, unless given in `conditions`): the tests load the BUILT client this way.
 */
export async function bundleBrowserModule(options: {
  entry: string;
  outfile: string;
  conditions?: string[];
}): Promise<void> {
  await bundle({
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    ...(options.conditions ? { conditions: options.conditions } : {}),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = await buildLivePoll();
  console.log(`browser-live-poll built into ${outdir}`);
}
