import { bundleEntry } from '../build/bundle.js';
import type { Rate } from '../ipc/protocol.js';
import type { Deployment } from './deployment.js';
import { startDeployment } from './deployment.js';
import type { StackDefinition } from './stacks.js';

/** A stack whose entries were bundled, or why it cannot run. */
export type PreparedStack =
  | { stack: StackDefinition; ok: true; serverFile: string; clientFile: string }
  | { stack: StackDefinition; ok: false; reason: string };

/** Bundles each stack's server and client entries; a stack that does not build is reported, not fatal. */
export async function prepareStacks(stacks: readonly StackDefinition[]): Promise<PreparedStack[]> {
  return Promise.all(
    stacks.map(async (stack): Promise<PreparedStack> => {
      if (stack.pending) return { stack, ok: false, reason: stack.pending };
      const [server, client] = await Promise.all([
        bundleEntry('server', stack.server),
        bundleEntry('client', stack.client),
      ]);
      if (!server.ok) return { stack, ok: false, reason: `not available yet: ${server.reason}` };
      if (!client.ok) return { stack, ok: false, reason: `not available yet: ${client.reason}` };
      return { stack, ok: true, serverFile: server.file, clientFile: client.file };
    }),
  );
}

/** Extra node flags for a stack's server or client processes (e.g. `--cpu-prof` into a per-stack folder). */
export type ExecArgvFor = (stack: string, role: 'server' | 'clients') => string[];

/** Runs `measure` on a fresh deployment of `prepared` and always stops its processes. */
export async function withDeployment<T>(
  prepared: Extract<PreparedStack, { ok: true }>,
  execArgv: ExecArgvFor,
  measure: (deployment: Deployment) => Promise<T>,
): Promise<T> {
  const deployment = await startDeployment({
    stack: prepared.stack,
    serverFile: prepared.serverFile,
    clientFile: prepared.clientFile,
    serverExecArgv: execArgv(prepared.stack.name, 'server'),
    clientExecArgv: execArgv(prepared.stack.name, 'clients'),
  });
  try {
    return await measure(deployment);
  } finally {
    await deployment.stop();
  }
}

export const formatRate = (rate: Rate) => (rate === 'max' ? 'max' : `${rate}/s`);
