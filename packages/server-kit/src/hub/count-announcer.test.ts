import { describe, expect, it } from 'vitest';
import type { TimerHandle, Timers } from '../util/clock.js';
import type { Broadcast } from './broadcast.js';
import { createCountAnnouncer } from './count-announcer.js';

/** A clock and interval timers that move only when told. */
function manualTime() {
  let now = 1_000_000;
  const intervals = new Set<{ callback: () => void; ms: number; next: number }>();
  const timers: Timers = {
    setInterval(callback, ms) {
      const handle = { callback, ms, next: now + ms };
      intervals.add(handle);
      return handle as TimerHandle;
    },
    clearInterval: (handle) => void intervals.delete(handle as never),
  };
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return {
    clock: { now: () => now },
    timers,
    async advance(ms: number) {
      await flush(); // what was started at the current time finishes at it
      const end = now + ms;
      while (true) {
        const next = [...intervals].sort((a, b) => a.next - b.next)[0];
        if (!next || next.next > end) break;
        now = next.next;
        next.next += next.ms;
        next.callback();
        await flush();
      }
      now = end;
      await flush();
    },
  };
}

/** Records what a node broadcast: the counts, and when. */
function recordingBroadcast(clock: { now(): number }, sent: { at: number; count: number }[]): Broadcast {
  return (async (_sessionId: string, _event: string, payload: { participantCount: number }) => {
    sent.push({ at: clock.now(), count: payload.participantCount });
    return {} as never;
  }) as unknown as Broadcast;
}

describe('the participant count announcer', () => {
  it('announces at once, then the latest count once per interval', async () => {
    const time = manualTime();
    const sent: { at: number; count: number }[] = [];
    const counts = createCountAnnouncer({
      broadcast: recordingBroadcast(time.clock, sent),
      clock: time.clock,
      timers: time.timers,
      intervalMs: 1000,
      onError: (error) => {
        throw error;
      },
    });
    const start = time.clock.now();
    for (let n = 1; n <= 50; n++) {
      counts.changed('s1', n);
      await time.advance(40);
    }
    await time.advance(2000);
    expect(sent.map((s) => s.count)).toEqual([1, 26, 50]);
    expect(sent[1]!.at - start).toBeGreaterThanOrEqual(1000);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(1000);
    counts.close();
  });

  it('with a cluster-wide claim, announces once per interval over every node, with the cluster count', async () => {
    const time = manualTime();
    const sent: { at: number; count: number }[] = [];
    let claimedUntil = Number.NEGATIVE_INFINITY;
    let clusterCount = 0;
    const node = () =>
      createCountAnnouncer({
        broadcast: recordingBroadcast(time.clock, sent),
        clock: time.clock,
        timers: time.timers,
        intervalMs: 1000,
        onError: (error) => {
          throw error;
        },
        // What the Redis presence's script does.
        claim: async (_sessionId, intervalMs) => {
          if (time.clock.now() < claimedUntil) return { outcome: 'busy' };
          claimedUntil = time.clock.now() + intervalMs;
          return { outcome: 'announce', participantCount: clusterCount };
        },
      });
    const nodes = [node(), node(), node()];
    // 90 joins over 3.6 s, spread over three nodes: each node sees a third of them.
    let lastChangeAt = 0;
    for (let n = 1; n <= 90; n++) {
      clusterCount = n;
      lastChangeAt = time.clock.now();
      nodes[n % 3]!.changed('s1', n);
      await time.advance(40);
    }
    await time.advance(3000);
    // The last announcement follows the last attendance change, whose own count may be stale in a cluster's log.
    expect(sent.at(-1)!.at).toBeGreaterThan(lastChangeAt);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    // 3.6 s of joins, then each node's last change announced once more (3 nodes): at most one a second throughout.
    expect(sent.length).toBeLessThanOrEqual(8);
    expect(sent.at(-1)!.count).toBe(90);
    for (const announcer of nodes) announcer.close();
  });
});
