import { addVote, emptyTally, type Tally } from './tally.js';
import type { RecordVoteInput, RecordVoteResult, VoteRecord, VoteStore } from './vote-store.js';

interface PollVotes {
  tally: Tally;
  byParticipant: Map<string, VoteRecord>;
}

/**
 * The default vote store, in memory.
 *
 * @example
 * const votes = createMemoryVoteStore();
 * const { hub, service } = createPollwire({ voteStore: votes });
 */
export function createMemoryVoteStore(): VoteStore {
  const polls = new Map<string, PollVotes>();
  const requests = new Map<string, VoteRecord>();
  const pollKey = (sessionId: string, pollId: string) => `${sessionId}:${pollId}`;
  const requestKey = (sessionId: string, participantId: string, requestId: string) =>
    `${sessionId}:${participantId}:${requestId}`;
  const pollVotes = (sessionId: string, pollId: string) => {
    const key = pollKey(sessionId, pollId);
    let entry = polls.get(key);
    if (!entry) {
      entry = { tally: emptyTally(), byParticipant: new Map() };
      polls.set(key, entry);
    }
    return entry;
  };

  return {
    findByRequest: (sessionId, participantId, requestId) =>
      requests.get(requestKey(sessionId, participantId, requestId)),

    record(input: RecordVoteInput): RecordVoteResult {
      if (input.requestId !== undefined) {
        const previous = requests.get(requestKey(input.sessionId, input.participantId, input.requestId));
        if (previous) return { status: 'replayed', vote: previous };
      }
      const entry = pollVotes(input.sessionId, input.pollId);
      if (entry.byParticipant.has(input.participantId)) return { status: 'duplicate' };
      const tally = addVote(entry.tally, input.voteData);
      const vote: VoteRecord = {
        voteId: input.voteId,
        sessionId: input.sessionId,
        pollId: input.pollId,
        participantId: input.participantId,
        requestId: input.requestId,
        voteData: input.voteData,
        submittedAt: input.submittedAt,
        aggregates: input.aggregates(tally),
      };
      entry.tally = tally;
      entry.byParticipant.set(input.participantId, vote);
      if (input.requestId !== undefined) {
        requests.set(requestKey(input.sessionId, input.participantId, input.requestId), vote);
      }
      return { status: 'recorded', vote, tally };
    },

    tally: (sessionId, pollId) => polls.get(pollKey(sessionId, pollId))?.tally ?? emptyTally(),

    votes: (sessionId, pollId) => [...(polls.get(pollKey(sessionId, pollId))?.byParticipant.values() ?? [])],

    voteOf: (sessionId, pollId, participantId) =>
      polls.get(pollKey(sessionId, pollId))?.byParticipant.get(participantId),
  };
}
