import {
  initialPollwireState,
  type PollwireState,
  type RoomMessage,
  type RoomPayload,
  reducePollwireState,
} from '@pollwire/contracts/client';

/** A participant present in the session, as presenters see attendance. */
export type AttendanceEntry = Pick<RoomPayload<'participant:joined'>, 'participantId' | 'displayName' | 'joinedAt'>;

/** A session's state at one point of its log: what a client holds once it applied every room event up to `seq`. */
export interface Projection {
  /** The newest room event folded in (0: none). */
  readonly seq: number;
  /** Its eventId: the resume cursor that goes with this state (`undefined` before the first event). */
  readonly cursor: string | undefined;
  /** The room's state, folded by the contract's own reducer (the one every client runs); `myVotes` stays empty. */
  readonly state: PollwireState;
  /** Who is present, in order of arrival, by participantId: for presenters only, never sent to participants. */
  readonly attendance: ReadonlyMap<string, AttendanceEntry>;
}

/** What {@link SessionProjection.apply} did with an event. */
export type ApplyVerdict = 'applied' | 'old' | 'gap';

/** The projection of one session at its log head, kept up to date one room event at a time. */
export interface SessionProjection {
  /**
   * Folds the room event that follows the head (`seq` = head + 1). An event at or before the head is `old` and
   * ignored; one further ahead is a `gap`: the projection no longer matches the log and must be rebuilt from it.
   */
  apply(message: RoomMessage): ApplyVerdict;
  /** The state at the head, as of now (read it before the next `apply`: attendance is live). */
  head(): Projection;
}

/**
 * Creates a session's projection, empty or from a saved one (a checkpoint), then {@link SessionProjection.apply}
 * each room event in `seq` order. The state is the fold of the log by `reducePollwireState`, the same reducer as the
 * client's, so a snapshot of the head followed by the events after it equals the fold of the whole log.
 *
 * @example
 * const projection = createSessionProjection();
 * for (const message of roomMessages) projection.apply(message);
 * const { seq, cursor, state } = projection.head();
 */
export function createSessionProjection(from?: Projection): SessionProjection {
  let seq = from?.seq ?? 0;
  let cursor = from?.cursor;
  let state = from?.state ?? initialPollwireState;
  const attendance = new Map(from?.attendance ?? []);
  return {
    apply(message) {
      if (message.seq <= seq) return 'old';
      if (message.seq !== seq + 1) return 'gap';
      state = reducePollwireState(state, message);
      if (message.event === 'participant:joined') {
        const { participantId, displayName, joinedAt } = message.payload;
        attendance.set(
          participantId,
          displayName === undefined ? { participantId, joinedAt } : { participantId, displayName, joinedAt },
        );
      } else if (message.event === 'participant:disconnected') attendance.delete(message.payload.participantId);
      seq = message.seq;
      cursor = message.eventId;
      return 'applied';
    },
    head: () => ({ seq, cursor, state, attendance }),
  };
}

/**
 * Folds serialized room envelopes (the log's own frames, as `history` or `read` return them) into `projection`;
 * returns the verdict of the first event that could not be applied in order, or `applied`.
 */
export function foldFrames(projection: SessionProjection, frames: readonly string[]): ApplyVerdict {
  for (const frame of frames) {
    // The log's frames were validated when appended: no second validation on the way back.
    const verdict = projection.apply(JSON.parse(frame) as RoomMessage);
    if (verdict === 'gap') return verdict;
  }
  return 'applied';
}
