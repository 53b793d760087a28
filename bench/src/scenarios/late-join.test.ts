import { describe, expect, it } from 'vitest';
import { measureLateJoin } from './late-join.js';

describe('late join', () => {
  it('counts the frames a late joiner receives until it holds the last logged event: the state, or the log', async () => {
    const state = await measureLateJoin(60);
    expect(state.stateComplete).toBe(true);
    expect(state.resync).toBeNull();
    // connection:established, then session:synchronized: one poll's state, whatever the log holds.
    expect(state.frames).toBe(2);
    expect(state.bytes).toBeLessThan(4 * 1024);
    expect(state.msToLive).toBeGreaterThan(0);

    const history = await measureLateJoin(60, 'history');
    expect(history.stateComplete).toBe(true);
    // connection:established, then the history in batches: every one of the 60 events, about 0.7 KB each.
    expect(history.frames).toBeGreaterThanOrEqual(2);
    expect(history.bytes).toBeGreaterThan(60 * 600);
    expect(history.bytes).toBeGreaterThan(10 * state.bytes);
  });
});
