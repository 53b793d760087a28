import { cpuSample, sleep } from '../clock.js';
import { createRpcPeer } from '../ipc/rpc.js';
import type { ServerInNotices, ServerMethods, ServerOutNotices } from '../ipc/protocol.js';
import { pace } from './pacer.js';
import type { CreateServerStack, StackOptions } from './stack.js';

function measureRss(): { rssBytes: number; gcExposed: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return { rssBytes: process.memoryUsage.rss(), gcExposed: gc !== undefined };
}

/**
 * Runs a server stack in this (child) process and answers the harness over IPC. Exits when the harness goes away.
 *
 * @example
 * // src/server/entries/ws-once.ts
 * await runServerProcess(createWsOnceStack);
 */
export async function runServerProcess(createStack: CreateServerStack): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const options = JSON.parse(process.argv[2] ?? '{}') as StackOptions;
  const stack = await createStack(options);

  let watermark = 0;
  let progressWaiters: (() => void)[] = [];
  const harness = createRpcPeer<{}, ServerMethods, ServerOutNotices, ServerInNotices>({
    port: process,
    onNotice: {
      progress: (data) => {
        watermark = Math.max(watermark, data.watermark);
        const waiters = progressWaiters;
        progressWaiters = [];
        for (const wake of waiters) wake();
      },
    },
    handlers: {
      status: async () => ({ connections: stack.connections(), nextSeq: await stack.nextSeq(), cpu: cpuSample() }),
      memory: () => measureRss(),
      fanout: (params) =>
        pace(params, {
          broadcast: () => stack.broadcast(),
          watermark: () => watermark,
          nextProgress: () => Promise.race([new Promise<void>((resolve) => progressWaiters.push(resolve)), sleep(50)]),
        }),
      burst: async ({ count }) => {
        let lastSeq = 0;
        for (let i = 0; i < count; i++) {
          lastSeq = await stack.broadcast();
          if (i % 100 === 99) await new Promise<void>((resolve) => setImmediate(resolve));
        }
        return { lastSeq };
      },
      close: async () => {
        await stack.close();
        setImmediate(() => process.exit(0));
      },
    },
  });
  harness.notify('ready', { port: stack.port });
}
