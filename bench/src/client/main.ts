import { cpuSample, monotonicMs, sleep } from '../clock.js';
import type { ClientMethods, ClientOutNotices } from '../ipc/protocol.js';
import { createRpcPeer } from '../ipc/rpc.js';
import type { ClientConnection, ClientDriver } from './driver.js';
import { type Recorder, createRecorder } from './recorder.js';

/** How often a client process reports its watermark while it moves. */
export const PROGRESS_INTERVAL_MS = 20;

async function inBatches<T>(count: number, concurrency: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await open(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

/**
 * Runs `count` connections of one stack in this (child) process, records when each event reaches the app handler
 * and answers the harness over IPC. Exits when the harness goes away.
 *
 * @example
 * // src/client/entries/ws-once.ts
 * runClientProcess(wsOnceDriver);
 */
export function runClientProcess(driver: ClientDriver): void {
  process.on('disconnect', () => process.exit(0));
  let connections: ClientConnection[] = [];
  let lastSeqs = new Float64Array(0);
  let recorder: Recorder = createRecorder(0, 1, 0);
  let reported = 0;

  const harness = createRpcPeer<{}, ClientMethods, ClientOutNotices>({
    port: process,
    handlers: {
      // Adds `count` connections to those already open.
      connect: async ({ url, count, firstIndex, concurrency }) => {
        const base = connections.length;
        const grown = new Float64Array(base + count);
        grown.set(lastSeqs);
        lastSeqs = grown;
        const added = await inBatches(count, concurrency, (i) =>
          driver({
            url,
            index: firstIndex + i,
            onEvent: (seq) => {
              const at = monotonicMs();
              if (seq > lastSeqs[base + i]!) lastSeqs[base + i] = seq;
              recorder.record(base + i, seq, at);
            },
            onState: (seq) => {
              const at = monotonicMs();
              if (seq > lastSeqs[base + i]!) lastSeqs[base + i] = seq;
              recorder.cover(base + i, seq, at);
            },
          }),
        );
        connections = [...connections, ...added];
        return { connected: connections.length };
      },
      arm: ({ firstSeq, capacity }) => {
        recorder = createRecorder(connections.length, firstSeq, capacity);
        reported = 0;
      },
      collect: ({ sendTimes }) => recorder.collect(sendTimes),
      cpu: () => cpuSample(),
      drop: async () => {
        await Promise.all(connections.map((c) => c.drop()));
      },
      resume: async ({ targetSeq, timeoutMs }) => {
        const start = monotonicMs();
        const results = await Promise.all(connections.map((c, i) => c.resume(lastSeqs[i]!)));
        const deadline = start + timeoutMs;
        while (recorder.watermark() < targetSeq && monotonicMs() < deadline) await sleep(5);
        const catchUpMs = Float64Array.from(connections, (_, i) => recorder.receivedAt(i, targetSeq) - start);
        return {
          catchUpMs,
          lost: recorder.missing(),
          duplicates: recorder.duplicates(),
          recovered: results.filter((r) => r.recovered).length,
        };
      },
      close: () => {
        for (const c of connections) c.close();
        setTimeout(() => process.exit(0), 50);
      },
    },
  });

  setInterval(() => {
    const watermark = recorder.watermark();
    if (watermark > reported) {
      reported = watermark;
      harness.notify('progress', { watermark });
    }
  }, PROGRESS_INTERVAL_MS);
}
