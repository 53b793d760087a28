import { describe, expect, it } from 'vitest';
import { createDedupWindow } from './dedup.js';

describe('createDedupWindow', () => {
  it('reports an id as seen on its second sighting only', () => {
    const dedup = createDedupWindow(10);
    expect(dedup.seen('a')).toBe(false);
    expect(dedup.seen('a')).toBe(true);
    expect(dedup.seen('b')).toBe(false);
  });

  it('forgets the oldest ids beyond its capacity, keeping memory bounded', () => {
    const dedup = createDedupWindow(3);
    for (const id of ['a', 'b', 'c', 'd']) dedup.seen(id);
    expect(dedup.size).toBe(3);
    expect(dedup.seen('d')).toBe(true);
    expect(dedup.seen('b')).toBe(true);
    expect(dedup.seen('a')).toBe(false);
  });

  it('finds ids recorded without a lookup, and evicts them in arrival order too', () => {
    const dedup = createDedupWindow(3);
    dedup.record('a');
    dedup.record('b');
    expect(dedup.seen('a')).toBe(true);
    dedup.record('c');
    dedup.record('d');
    expect(dedup.size).toBe(3);
    expect(dedup.seen('a')).toBe(false);
    expect(dedup.seen('d')).toBe(true);
    expect(dedup.seen('b')).toBe(false);
  });
});
