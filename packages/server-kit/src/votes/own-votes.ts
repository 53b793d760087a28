import type { OwnVote } from '@pollwire/contracts/client';
import type { OwnVotesLookup } from '../hub/snapshots.js';
import type { VoteStore } from './vote-store.js';

/** The hub's own-votes lookup over a vote store (`undefined` when the store cannot look one vote up). */
export function ownVotesOf(store: VoteStore): OwnVotesLookup | undefined {
  const voteOf = store.voteOf?.bind(store);
  if (!voteOf) return undefined;
  return async (sessionId, participantId, pollIds) => {
    const votes = await Promise.all(pollIds.map((pollId) => voteOf(sessionId, pollId, participantId)));
    const mine: OwnVote[] = [];
    for (const vote of votes) {
      if (vote) mine.push({ pollId: vote.pollId, voteId: vote.voteId, submittedAt: vote.submittedAt });
    }
    return mine;
  };
}
