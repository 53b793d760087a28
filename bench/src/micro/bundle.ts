import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** A tiny browser app per library, bundled the same way (minified ESM for browsers), then gzipped. */
export const BUNDLE_APPS = {
  '@pollwire/client': [
    "import { createPollwireClient } from '@pollwire/client';",
    "const client = createPollwireClient({ url: 'wss://example.test/ws', token: 't' });",
    "client.on('vote:accepted', (payload) => console.log(payload));",
  ].join('\n'),
  'socket.io-client': [
    "import { io } from 'socket.io-client';",
    "const socket = io('https://example.test', { transports: ['websocket'] });",
    "socket.on('vote:accepted', (payload) => console.log(payload));",
  ].join('\n'),
} as const;

export type BundleFigures = Record<
  keyof typeof BUNDLE_APPS,
  { minBytes: number; gzipBytes: number } | { unavailable: string }
>;

const RESOLVE_DIR = new URL('../../', import.meta.url).pathname;

async function measure(source: string): Promise<{ minBytes: number; gzipBytes: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir: RESOLVE_DIR, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** min and min+gz bytes of each app; a library whose entry does not build is reported as unavailable. */
export async function measureBundles(): Promise<BundleFigures> {
  const out = {} as BundleFigures;
  for (const [name, source] of Object.entries(BUNDLE_APPS) as [keyof typeof BUNDLE_APPS, string][]) {
    try {
      out[name] = await measure(source);
    } catch (error) {
      const errors = (error as { errors?: { text: string }[] }).errors;
      out[name] = { unavailable: `not available yet: ${errors?.[0]?.text ?? String(error)}` };
    }
  }
  return out;
}
