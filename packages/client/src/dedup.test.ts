import fc from 'fast-check';
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

  it('keeps `<prefix><n>` ids as numbers without changing which ids it finds, across prefix changes', () => {
    const dedup = createDedupWindow(4);
    dedup.record('e1-7');
    dedup.record('e1-8');
    expect(dedup.seen('e1-7')).toBe(true);
    expect(dedup.seen('e1-07')).toBe(false);
    expect(dedup.seen('e1-8x')).toBe(false);
    dedup.record('e2-1');
    dedup.record('e2-2');
    expect(dedup.seen('e1-8')).toBe(false);
    expect(dedup.seen('e2-2')).toBe(true);
    expect(dedup.seen('e2-1')).toBe(true);
  });

  it('finds exactly what a plain first-in first-out window of strings finds', () => {
    const ids = fc.oneof(
      fc.constantFrom('a', 'b', 'e1-', 'e1-0', 'e1-00', 'e1-01', 'e2-', '-5', '5'),
      fc.tuple(fc.constantFrom('e1-', 'e2-', 'x-y-', ''), fc.nat({ max: 40 })).map(([p, n]) => `${p}${n}`),
      fc.constantFrom('e1-9007199254740991', 'e1-9007199254740992', 'e1-12345678901234567'),
    );
    const operation = fc.tuple(fc.constantFrom('seen', 'record'), ids);
    // Live room events: ids counting up by one, which the window keeps as a run.
    const run = fc
      .tuple(fc.constantFrom('seen', 'record'), fc.constantFrom('e1-', 'e2-'), fc.nat({ max: 30 }), fc.nat({ max: 9 }))
      .map(([kind, prefix, from, length]) =>
        Array.from({ length }, (_, i) => [kind, `${prefix}${from + i}`] as [string, string]),
      );
    const operations = fc
      .array(
        fc.oneof(
          operation.map((op) => [op]),
          run,
        ),
        { maxLength: 30 },
      )
      .map((groups) => groups.flat());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), operations, (capacity, operations) => {
        const dedup = createDedupWindow(capacity);
        const model: string[] = [];
        for (const [kind, id] of operations) {
          // `record` is for ids the caller knows are new.
          if (kind === 'seen' || model.includes(id)) {
            const known = model.includes(id);
            expect(dedup.seen(id), `seen(${id})`).toBe(known);
            if (known) continue;
          } else dedup.record(id);
          model.push(id);
          if (model.length > capacity) model.shift();
        }
        for (const id of new Set(model)) expect(dedup.seen(id), `finally seen(${id})`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
