/**
 * Measures what a browser client pays for the contracts: bundles an entry importing `parseServerFrame` and
 * `eventCatalog`, minified, and prints raw and gzipped bytes. esbuild is not a direct dependency: it is loaded
 * from tsx (a dev dependency), which bundles it.
 *
 * @example
 * pnpm --filter @pollwire/contracts run size             # from the TypeScript sources
 * pnpm --filter @pollwire/contracts run size -- --dist   # from the built dist/index.js
 * pnpm --filter @pollwire/contracts run size -- --analyze
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The part of esbuild's API used here (its types are not resolvable from this package). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[]; metafile: object }>;
  analyzeMetafile(metafile: object): Promise<string>;
}

const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsx/package.json'))('esbuild') as Esbuild;
const useDist = process.argv.includes('--dist');
const target = join(packageDir, useDist ? 'dist/index.js' : 'src/index.ts');

if (!existsSync(target)) throw new Error(`${target} not found (run the build first)`);

const entry = `import { parseServerFrame, eventCatalog } from ${JSON.stringify(target)};
globalThis.pollwire = { parseServerFrame, eventCatalog };`;

const result = await esbuild.build({
  stdin: { contents: entry, resolveDir: packageDir, sourcefile: 'entry.js' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
});
const output = result.outputFiles[0]!.contents;
if (process.argv.includes('--analyze')) console.log(await esbuild.analyzeMetafile(result.metafile));

const minified = output.length;
const gzipped = gzipSync(output, { level: 9 }).length;
console.log(`parseServerFrame + eventCatalog (${useDist ? 'dist' : 'src'}): ${minified} B min, ${gzipped} B min+gz`);
