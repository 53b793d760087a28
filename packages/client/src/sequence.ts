/** What to do with a room event, given the `seq` of the last one applied. */
export type SequenceVerdict = 'apply' | 'duplicate' | 'gap';

export interface SequenceTracker {
  check(seq: number): SequenceVerdict;
  /** Marks `seq` as applied. */
  commit(seq: number): void;
  /** `null`: the next event sets the baseline (after a snapshot, or a log that no longer starts at 1). */
  reset(lastSeq: number | null): void;
  readonly lastSeq: number | null;
}

/**
 * The verdict on a room event's `seq`, given the last one applied (`null`: any `seq` sets the baseline). Pure: the
 * client's receive side keeps `lastSeq` in its own fields, so a frame reads no tracker object.
 *
 * @example
 * sequenceVerdict(4, 5); // 'apply'
 */
export function sequenceVerdict(lastSeq: number | null, seq: number): SequenceVerdict {
  if (lastSeq === null || seq === lastSeq + 1) return 'apply';
  return seq <= lastSeq ? 'duplicate' : 'gap';
}

class ContiguousSequence implements SequenceTracker {
  constructor(public lastSeq: number | null) {}

  check(seq: number): SequenceVerdict {
    return sequenceVerdict(this.lastSeq, seq);
  }

  commit(seq: number): void {
    this.lastSeq = seq;
  }

  reset(value: number | null): void {
    this.lastSeq = value;
  }
}

/**
 * Tracks the contiguous per-session `seq` of room events: a gap means the live stream lost something
 * and must resume, never paper over it.
 *
 * @example
 * const verdict = tracker.check(message.seq); // 'apply' | 'duplicate' | 'gap'
 */
export function createSequenceTracker(lastSeq: number | null = 0): SequenceTracker {
  return new ContiguousSequence(lastSeq);
}
