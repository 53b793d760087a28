import type {
  UnicastPayload,
  VoteAcceptedBroadcast,
  VoteAcceptedConfirmation,
  VoteRejectionReason,
} from '@pollwire/contracts/client';

/** The aggregate fields of a `vote:accepted`: no voter identity has a place here. */
export type VoteAggregates = VoteAcceptedBroadcast;

/**
 * The room broadcast of `vote:accepted`. Takes aggregates only and copies the known aggregate fields, so even
 * an object carrying more (e.g. a `participantId`) cannot leak into a room, anonymous poll or not.
 */
export function buildVoteAcceptedBroadcast(aggregates: VoteAggregates): VoteAcceptedBroadcast {
  const payload: VoteAcceptedBroadcast = {
    voteId: aggregates.voteId,
    pollId: aggregates.pollId,
    submittedAt: aggregates.submittedAt,
    currentVoteCount: aggregates.currentVoteCount,
  };
  if (aggregates.pollType !== undefined) payload.pollType = aggregates.pollType;
  if (aggregates.voteBreakdown !== undefined) {
    payload.voteBreakdown = aggregates.voteBreakdown.map(({ optionId, voteCount, percentage }) => ({
      optionId,
      voteCount,
      percentage,
    }));
  }
  if (aggregates.averageRating !== undefined) payload.averageRating = aggregates.averageRating;
  if (aggregates.ratingDistribution !== undefined) payload.ratingDistribution = { ...aggregates.ratingDistribution };
  return payload;
}

/** The submitter's confirmation of `vote:accepted` (unicast; the only shape with `participantId`). */
export const buildVoteAcceptedConfirmation = (
  aggregates: VoteAggregates,
  participantId: string,
): VoteAcceptedConfirmation => ({ ...buildVoteAcceptedBroadcast(aggregates), participantId });

/** `vote:rejected` (unicast to the submitter). */
export const buildVoteRejected = (input: {
  pollId: string;
  participantId: string;
  reason: VoteRejectionReason;
  message: string;
  timestamp: string;
}): UnicastPayload<'vote:rejected'> => ({
  pollId: input.pollId,
  participantId: input.participantId,
  reason: input.reason,
  message: input.message,
  timestamp: input.timestamp,
});
