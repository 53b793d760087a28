import { describe, expect, it } from 'vitest';
import { measureLateJoin } from './late-join.js';

describe('late join', () => {
  it('counts every frame a late joiner receives until it has handled the last logged event', async () => {
    const figures = await measureLateJoin(60);
    expect(figures.stateComplete).toBe(true);
    expect(figures.resync).toBeNull();
    // connection:established, then the history in batches: every one of the 60 events, about 0.7 KB each.
    expect(figures.frames).toBeGreaterThanOrEqual(2);
    expect(figures.bytes).toBeGreaterThan(60 * 600);
    expect(figures.msToLive).toBeGreaterThan(0);
  });
});
