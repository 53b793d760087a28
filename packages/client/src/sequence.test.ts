import { describe, expect, it } from 'vitest';
import { createSequenceTracker, sequenceVerdict } from './sequence.js';

describe('createSequenceTracker', () => {
  it('applies the next seq, skips old ones and flags a skipped one as a gap', () => {
    const tracker = createSequenceTracker();
    expect(tracker.check(1)).toBe('apply');
    tracker.commit(1);
    expect(tracker.check(2)).toBe('apply');
    tracker.commit(2);
    expect(tracker.check(2)).toBe('duplicate');
    expect(tracker.check(1)).toBe('duplicate');
    expect(tracker.check(4)).toBe('gap');
    expect(tracker.lastSeq).toBe(2);
  });

  it('takes any seq as the baseline after a reset to null', () => {
    const tracker = createSequenceTracker();
    tracker.reset(null);
    expect(tracker.check(57)).toBe('apply');
    tracker.commit(57);
    expect(tracker.check(59)).toBe('gap');
    expect(tracker.check(58)).toBe('apply');
  });

  it("takes a participant's event whose prev it holds, across the presenters-only seqs it never gets", () => {
    expect(sequenceVerdict(4, 7, 4)).toBe('apply');
    expect(sequenceVerdict(4, 7, 5)).toBe('gap');
    expect(sequenceVerdict(7, 7, 4)).toBe('duplicate');
    // After a state whose seq was a presenters-only event: the next one's prev is older, and nothing is missing.
    expect(sequenceVerdict(9, 10, 8)).toBe('apply');
  });
});
