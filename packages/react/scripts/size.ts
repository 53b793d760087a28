/**
 * What `@pollwire/react` adds, min+gz, to a browser app that already uses the client (React itself excluded): the
 * same app built with and without the hooks. Fails over `SIZE_BUDGET_BYTES` (default 1.5 KiB).
 *
 * Run: `pnpm --filter @pollwire/react size`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ contents: Uint8Array }> }>;
}

// esbuild comes with tsup (a dev dependency of the workspace); no extra install.
const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const budget = Number(process.env.SIZE_BUDGET_BYTES ?? 1.5 * 1024);

const apps = {
  'client alone': `
    import { createPollwireClient } from '@pollwire/client';
    const client = createPollwireClient({ url: 'wss://example.test/ws', token: 't', participantId: 'p' });
    client.state.subscribe(() => console.log(client.state.getSnapshot().participantCount));
    client.on('poll:activated', (poll) => client.submitVote({ pollId: poll.pollId, voteData: { ratingValue: 1 } }));
  `,
  'client with every hook': `
    import { createElement as h } from 'react';
    import {
      PollwireProvider, usePollwireClient, usePollwireState, usePollwireEvent, useVote, useConnectionStatus,
    } from './src/index.ts';
    function Poll() {
      const client = usePollwireClient();
      const count = usePollwireState((state) => state.participantCount);
      const vote = useVote('p');
      const { status } = useConnectionStatus();
      usePollwireEvent('poll:activated', (poll) => vote.submit({ ratingValue: 1 }));
      return h('p', null, count, status, vote.status, String(client));
    }
    export const App = () =>
      h(PollwireProvider, { options: { url: 'wss://example.test/ws', token: 't', participantId: 'p' } }, h(Poll));
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
    external: ['react', 'react-dom'],
    write: false,
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gz: gzipSync(code, { level: 9 }).byteLength };
}

const sizes: Record<string, number> = {};
for (const [name, contents] of Object.entries(apps)) {
  const { min, gz } = await measure(contents);
  sizes[name] = gz;
  console.log(
    `${name.padEnd(24)} ${(min / 1024).toFixed(1).padStart(6)} KiB min  ${(gz / 1024).toFixed(2)} KiB min+gz`,
  );
}
const added = sizes['client with every hook']! - sizes['client alone']!;
console.log(
  `@pollwire/react adds     ${(added / 1024).toFixed(2)} KiB min+gz (${added} B); budget ${(budget / 1024).toFixed(2)} KiB`,
);
if (added > budget) {
  console.error(`over budget by ${added - budget} B`);
  process.exitCode = 1;
}
