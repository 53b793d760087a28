import { type OwnVote, type PollwireState, type SnapshotExtras, snapshotOfState } from '@pollwire/contracts/client';
import { type Clock, isoTime } from '../util/clock.js';
import type { Connection } from './connection.js';
import { validateUnicastPayload } from './validate.js';

/** A room's `session:synchronized` payload without own votes, validated against the contract and serialized. */
export function serializeSnapshot(
  sessionId: string,
  state: PollwireState,
  extras: Omit<SnapshotExtras, 'myVotes'>,
): string {
  return JSON.stringify(validateUnicastPayload('session:synchronized', snapshotOfState(sessionId, state, extras)));
}

/**
 * The `session:synchronized` frame for one connection: the shared serialized payload, with the receiver's own votes
 * (validated on their own) put in. Same key order as every envelope.
 */
export function encodeSnapshotFrame(
  conn: Connection,
  clock: Clock,
  payload: string,
  myVotes: readonly OwnVote[],
): string {
  const { sessionId } = conn.identity;
  let body = payload;
  if (myVotes.length > 0) {
    const checked = validateUnicastPayload('session:synchronized', {
      sessionId,
      cursor: '-',
      seq: 0,
      polls: [],
      participantCount: 0,
      myVotes: [...myVotes],
    });
    body = `${payload.slice(0, -1)},"myVotes":${JSON.stringify(checked.myVotes)}}`;
  }
  return (
    `{"event":"session:synchronized","eventId":${JSON.stringify(`${conn.id}.${++conn.unicasts}`)}` +
    `,"sessionId":${JSON.stringify(sessionId)},"timestamp":"${isoTime(clock)}","payload":${body}}`
  );
}
