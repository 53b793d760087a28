import { monotonicMs, sleep } from '../clock.js';
import type { FanoutParams, FanoutResult } from '../ipc/protocol.js';

export interface PacerDeps {
  broadcast(): number | Promise<number>;
  /** Highest seq every client holds (updated by progress notices). */
  watermark(): number;
  /** Resolves on the next progress notice (or soon after, so a lost notice cannot stall the pacer). */
  nextProgress(): Promise<void>;
  now?: () => number;
}

/**
 * Sends events for `durationMs`: at a fixed rate on an absolute schedule (open loop: a slow stack falls behind
 * and its latency shows it), or at `rate: 'max'` as fast as the slowest client keeps up, at most `window`
 * events ahead of it, yielding to I/O between events.
 */
export async function pace(params: FanoutParams, deps: PacerDeps): Promise<FanoutResult> {
  const now = deps.now ?? monotonicMs;
  const sendTimes: number[] = [];
  const start = now();
  let firstSeq = 0;
  let maxLagMs = 0;
  const send = async () => {
    const at = now();
    const seq = await deps.broadcast();
    if (firstSeq === 0) firstSeq = seq;
    sendTimes.push(at);
    return seq;
  };

  if (params.rate === 'max') {
    let lastSeq = 0;
    while (sendTimes.length < params.maxEvents && now() - start < params.durationMs) {
      if (lastSeq > 0 && lastSeq - deps.watermark() >= params.window) {
        await deps.nextProgress();
        continue;
      }
      lastSeq = await send();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } else {
    const intervalMs = 1000 / params.rate;
    const total = Math.min(params.maxEvents, Math.max(1, Math.floor(params.durationMs / intervalMs)));
    for (let k = 0; k < total; k++) {
      const due = start + k * intervalMs;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      maxLagMs = Math.max(maxLagMs, now() - due);
      await send();
    }
  }
  return { firstSeq, sendTimes: Float64Array.from(sendTimes), maxLagMs };
}
