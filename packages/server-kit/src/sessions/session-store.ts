import type { MaybePromise } from '../util/maybe-promise.js';
import type { ParticipantRecord, PollRecord, SessionRecord } from './records.js';

/**
 * Sessions, polls and participants. Results may be sync or async. The service serializes writes per session on
 * one node; a multi-node store should make `putSession`/`putPoll` conditional (compare-and-set) itself.
 */
export interface SessionStore {
  createSession(session: SessionRecord): MaybePromise<void>;
  getSession(sessionId: string): MaybePromise<SessionRecord | undefined>;
  getSessionBySlug(slug: string): MaybePromise<SessionRecord | undefined>;
  putSession(session: SessionRecord): MaybePromise<void>;
  getPoll(sessionId: string, pollId: string): MaybePromise<PollRecord | undefined>;
  putPoll(poll: PollRecord): MaybePromise<void>;
  listPolls(sessionId: string): MaybePromise<PollRecord[]>;
  putParticipant(participant: ParticipantRecord): MaybePromise<void>;
  getParticipant(sessionId: string, participantId: string): MaybePromise<ParticipantRecord | undefined>;
}
