/**
 * Measures what a browser client pays for the contracts: bundles an entry importing the lean `parseServerFrame`
 * of `@pollwire/contracts/client` (what `@pollwire/client` uses), and one importing the Zod-based
 * `parseServerFrame` and `eventCatalog` of the main entry, minified, and prints raw and gzipped bytes. esbuild is not a direct dependency: it is loaded
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
const analyze = process.argv.includes('--analyze');
const entryFile = (name: string) => join(packageDir, useDist ? `dist/${name}.js` : `src/${name}.ts`);

const entries = {
  'lean parseServerFrame (/client)': `import { parseServerFrame } from ${JSON.stringify(entryFile('client'))};
globalThis.pollwire = { parseServerFrame };`,
  'zod parseServerFrame + eventCatalog': `import { parseServerFrame, eventCatalog } from ${JSON.stringify(entryFile('index'))};
globalThis.pollwire = { parseServerFrame, eventCatalog };`,
};

for (const name of ['client', 'index']) {
  if (!existsSync(entryFile(name))) throw new Error(`${entryFile(name)} not found (run the build first)`);
}

for (const [label, entry] of Object.entries(entries)) {
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
  if (analyze) console.log(await esbuild.analyzeMetafile(result.metafile));
  const gzipped = gzipSync(output, { level: 9 }).length;
  console.log(`${label} (${useDist ? 'dist' : 'src'}): ${output.length} B min, ${gzipped} B min+gz`);
}
