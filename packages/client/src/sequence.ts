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
 * The verdict on a room event's `seq`, given the last one applied (`null`: any `seq` sets the baseline) and the seq
 * of the event that must precede it (`seq - 1`; for a participant, the event's `prev` when it has one: events for
 * presenters only came between). Pure: the client's receive side keeps `lastSeq` in its own fields.
 *
 * @example
 * sequenceVerdict(4, 5); // 'apply'
 * sequenceVerdict(4, 7, 4); // 'apply': 5 and 6 were for presenters only
 * sequenceVerdict(4, 7, 6); // 'gap'
 */
export function sequenceVerdict(lastSeq: number | null, seq: number, previous = seq - 1): SequenceVerdict {
  if (lastSeq === null) return 'apply';
  if (seq <= lastSeq) return 'duplicate';
  return previous <= lastSeq ? 'apply' : 'gap';
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
