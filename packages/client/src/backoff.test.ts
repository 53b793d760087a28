import { describe, expect, it } from 'vitest';
import { createBackoff, DEFAULT_BACKOFF } from './backoff.js';

/** mulberry32: a tiny seeded PRNG so delays are reproducible. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('createBackoff', () => {
  it('doubles the jitter ceiling per attempt from 500 ms and caps it at 20 s', () => {
    const backoff = createBackoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15999, 19999, 19999, 19999]);
    expect(backoff.attempt).toBe(9);
  });

  it('keeps every seeded delay within [0, ceiling) (full jitter)', () => {
    const backoff = createBackoff({ random: seeded(42) });
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const ceiling = Math.min(DEFAULT_BACKOFF.maxDelayMs, DEFAULT_BACKOFF.minDelayMs * 2 ** attempt);
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(ceiling);
    }
  });

  it('is reproducible with the same seed and starts over after reset', () => {
    const a = createBackoff({ random: seeded(7) });
    const b = createBackoff({ random: seeded(7) });
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    a.reset();
    expect(a.attempt).toBe(0);
    expect(createBackoff({ random: () => 0.5 }).next()).toBe(250);
  });

  it('honours custom bounds', () => {
    const backoff = createBackoff({ minDelayMs: 10, maxDelayMs: 35, random: () => 0.999 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([9, 19, 34, 34]);
  });
});
