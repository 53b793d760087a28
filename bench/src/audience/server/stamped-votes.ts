import type { VoteStore } from '@pollwire/server-kit';
import { monotonicMs } from '../../clock.js';

/** Votes a node accepted, and when it accepted the last one. */
export interface VoteStamps {
  accepted: number;
  lastAt: number;
}

/** Wraps a vote store so the node knows when it recorded each vote (the clock every process shares). */
export function stampVotes(store: VoteStore, stamps: VoteStamps): VoteStore {
  return {
    ...store,
    async record(input) {
      const result = await store.record(input);
      if (result.status === 'recorded') {
        stamps.accepted++;
        stamps.lastAt = monotonicMs();
      }
      return result;
    },
  };
}
