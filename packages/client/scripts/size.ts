/**
 * Min+gz size of a browser app that imports the client (with inbound frame validation by the contracts' lean
 * validators, `@pollwire/contracts/client`, and the state store). Fails over `SIZE_BUDGET_BYTES` (default 12.5 KiB:
 * 12 KiB until contract 1.1 added the state snapshot and the attendance events to what it validates and handles).
 * The two baselines show what validation costs alone: the lean parser the client uses, and the Zod one. Fails too if
 * test tooling (`@pollwire/testing`, MSW, `ws`) reaches the bundle.
 *
 * Run: `pnpm --filter @pollwire/client size` (or `pnpm tsx packages/client/scripts/size.ts`).
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface BuildResult {
  outputFiles: Array<{ contents: Uint8Array }>;
  metafile: { inputs: Record<string, unknown> };
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<BuildResult>;
}

// esbuild comes with tsup (already a dev dependency of the workspace); no extra install.
const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const budget = Number(process.env.SIZE_BUDGET_BYTES ?? 12.5 * 1024);

const apps = {
  client: `
    import { createPollwireClient } from './src/index.ts';
    const client = createPollwireClient({ url: 'wss://example.test/ws', token: 't', participantId: 'p' });
    client.state.subscribe(() => console.log(client.state.getSnapshot()));
    client.on('poll:activated', (poll) => client.submitVote({ pollId: poll.pollId, voteData: { ratingValue: 1 } }));
  `,
  'lean parser only': `
    import { parseServerFrame } from '@pollwire/contracts/client';
    console.log(parseServerFrame);
  `,
  'zod parser only (reference)': `
    import { parseServerFrame } from '@pollwire/contracts';
    console.log(parseServerFrame);
  `,
};

async function measure(contents: string) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: packageDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    write: false,
    metafile: true,
  });
  const code = result.outputFiles[0]!.contents;
  // Metafile paths are relative to esbuild's working directory (this process's).
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(input));
  return { min: code.byteLength, gz: gzipSync(code, { level: 9 }).byteLength, inputs };
}

/** Test tooling that must never reach an app's bundle through the client. */
const FORBIDDEN = ['/packages/testing/', '/node_modules/msw/', '/node_modules/ws/'];

let total = 0;
for (const [name, contents] of Object.entries(apps)) {
  const { min, gz, inputs } = await measure(contents);
  if (name === 'client') {
    total = gz;
    const leaked = inputs.filter((input) => FORBIDDEN.some((part) => input.includes(part)));
    if (leaked.length > 0) {
      console.error(`the client bundle includes test tooling: ${leaked.join(', ')}`);
      process.exitCode = 1;
    }
  }
  console.log(
    `${name.padEnd(28)} ${(min / 1024).toFixed(1).padStart(6)} KiB min  ${(gz / 1024).toFixed(2)} KiB min+gz (${gz} B)`,
  );
}
console.log(`budget                       ${(budget / 1024).toFixed(2)} KiB min+gz`);
if (total > budget) {
  console.error(`over budget by ${total - budget} B`);
  process.exitCode = 1;
}
