import type { ParticipantRecord, PollRecord, SessionRecord } from './records.js';
import type { SessionStore } from './session-store.js';

/**
 * The default session store, in memory. Records are copied in and out, so callers cannot mutate stored state.
 *
 * @example
 * const { service } = createPollwire({ sessionStore: createMemorySessionStore() });
 */
export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  const slugs = new Map<string, string>();
  const polls = new Map<string, Map<string, PollRecord>>();
  const participants = new Map<string, ParticipantRecord>();
  const copyPoll = (poll: PollRecord): PollRecord => ({ ...poll, options: poll.options?.map((o) => ({ ...o })) });

  return {
    createSession(session) {
      sessions.set(session.sessionId, { ...session });
      slugs.set(session.slug, session.sessionId);
    },
    getSession(sessionId) {
      const session = sessions.get(sessionId);
      return session && { ...session };
    },
    getSessionBySlug(slug) {
      const sessionId = slugs.get(slug);
      const session = sessionId === undefined ? undefined : sessions.get(sessionId);
      return session && { ...session };
    },
    putSession(session) {
      sessions.set(session.sessionId, { ...session });
    },
    getPoll(sessionId, pollId) {
      const poll = polls.get(sessionId)?.get(pollId);
      return poll && copyPoll(poll);
    },
    putPoll(poll) {
      let byId = polls.get(poll.sessionId);
      if (!byId) {
        byId = new Map();
        polls.set(poll.sessionId, byId);
      }
      byId.set(poll.pollId, copyPoll(poll));
    },
    listPolls(sessionId) {
      return [...(polls.get(sessionId)?.values() ?? [])]
        .map(copyPoll)
        .sort((a, b) => a.sequenceOrder - b.sequenceOrder);
    },
    putParticipant(participant) {
      participants.set(`${participant.sessionId}:${participant.participantId}`, { ...participant });
    },
    getParticipant(sessionId, participantId) {
      const participant = participants.get(`${sessionId}:${participantId}`);
      return participant && { ...participant };
    },
  };
}
