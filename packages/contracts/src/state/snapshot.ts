import type { UnicastPayload } from '../types.js';
import { pollState } from './poll-state.js';
import type { MyVote, PollState, PollwireState } from './types.js';

/** The payload of `session:synchronized`. */
export type SessionSnapshot = UnicastPayload<'session:synchronized'>;
/** A poll as a snapshot carries it. */
export type PollSnapshot = SessionSnapshot['polls'][number];
/** One of the receiver's own votes in a snapshot. */
export type OwnVote = NonNullable<SessionSnapshot['myVotes']>[number];
/** A present participant in a presenter's snapshot. */
export type Attendee = NonNullable<SessionSnapshot['attendance']>[number];

/** What a snapshot adds to the room's state for its receiver. */
export interface SnapshotExtras {
  /** The newest room event the state includes. */
  cursor: string;
  seq: number;
  /** The receiving participant's own votes. */
  myVotes?: readonly OwnVote[] | undefined;
  /** Presenters only. */
  attendance?: readonly Attendee[] | undefined;
}

function pollSnapshot(poll: PollState): PollSnapshot {
  const snapshot: PollSnapshot = {
    pollId: poll.pollId,
    question: poll.question,
    pollType: poll.pollType,
    allowMultiple: poll.allowMultiple,
    isAnonymous: poll.isAnonymous,
    sequenceOrder: poll.sequenceOrder,
    status: poll.status,
    results: poll.results,
  };
  if (poll.options) snapshot.options = [...poll.options];
  if (poll.minRating !== undefined) snapshot.minRating = poll.minRating;
  if (poll.maxRating !== undefined) snapshot.maxRating = poll.maxRating;
  return snapshot;
}

/**
 * The `session:synchronized` payload of a room's state (as the contract's reducer folded it) for one receiver.
 * `state.myVotes` is never read: a snapshot carries only the votes passed in `extras`.
 *
 * @example
 * const payload = snapshotOfState(projection.state, { cursor, seq, myVotes });
 */
export function snapshotOfState(sessionId: string, state: PollwireState, extras: SnapshotExtras): SessionSnapshot {
  const payload: SessionSnapshot = {
    sessionId,
    cursor: extras.cursor,
    seq: extras.seq,
    polls: Object.values(state.polls).map(pollSnapshot),
    participantCount: state.participantCount,
  };
  if (state.session.title !== null) payload.title = state.session.title;
  if (state.session.status !== null) payload.status = state.session.status;
  if (state.activePollId !== null) payload.activePollId = state.activePollId;
  if (extras.myVotes) payload.myVotes = [...extras.myVotes];
  if (extras.attendance) payload.attendance = [...extras.attendance];
  return payload;
}

/**
 * The state a snapshot describes; `myVotes` is the receiver's votes known before (`kept`) joined by the snapshot's.
 * The inverse of {@link snapshotOfState}: `stateOfSnapshot(snapshotOfState(id, s, x)).polls` equals `s.polls`.
 */
export function stateOfSnapshot(payload: SessionSnapshot, kept: Readonly<Record<string, MyVote>> = {}): PollwireState {
  const polls: Record<string, PollState> = {};
  for (const poll of payload.polls) {
    polls[poll.pollId] = pollState(poll, poll.status, poll.results);
  }
  let myVotes = kept;
  if (payload.myVotes?.length) {
    const merged: Record<string, MyVote> = { ...kept };
    for (const { pollId, voteId, submittedAt } of payload.myVotes) merged[pollId] = { voteId, submittedAt };
    myVotes = merged;
  }
  return {
    session: { sessionId: payload.sessionId, status: payload.status ?? null, title: payload.title ?? null },
    polls,
    activePollId: payload.activePollId ?? null,
    participantCount: payload.participantCount,
    myVotes,
  };
}
