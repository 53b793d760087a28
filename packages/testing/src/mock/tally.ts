import type { PollCreatedPayload, RoomPayload, VoteData } from '@pollwire/contracts';

/** The room `vote:accepted` aggregates of one poll after its votes so far, as the server computes them. */
export function aggregatesOf(
  poll: PollCreatedPayload,
  votes: readonly VoteData[],
  last: { voteId: string; submittedAt: string },
): RoomPayload<'vote:accepted'> {
  const base = { ...last, pollId: poll.pollId, currentVoteCount: votes.length, pollType: poll.pollType };
  const share = (n: number) => (votes.length === 0 ? 0 : Math.round((n / votes.length) * 10_000) / 100);
  if (poll.pollType === 'multiple_choice') {
    return {
      ...base,
      voteBreakdown: poll.options.map(({ optionId }) => {
        const voteCount = votes.filter(
          (v) => 'selectedOptionIds' in v && v.selectedOptionIds.includes(optionId),
        ).length;
        return { optionId, voteCount, percentage: share(voteCount) };
      }),
    };
  }
  if (poll.pollType === 'rating_scale') {
    const ratings = votes.flatMap((v) => ('ratingValue' in v ? [v.ratingValue] : []));
    const ratingDistribution: Record<string, number> = {};
    for (const r of ratings) ratingDistribution[String(r)] = (ratingDistribution[String(r)] ?? 0) + 1;
    const sum = ratings.reduce((a, b) => a + b, 0);
    return {
      ...base,
      ratingDistribution,
      ...(ratings.length ? { averageRating: Math.round((sum / ratings.length) * 100) / 100 } : {}),
    };
  }
  return base;
}

/** Why the server's rules refuse a vote, if they do. */
export function ruleBreach(
  poll: PollCreatedPayload | undefined,
  status: 'created' | 'active' | 'closed' | undefined,
  alreadyVoted: boolean,
  vote: VoteData,
): 'poll_not_active' | 'poll_closed' | 'duplicate_vote' | 'invalid_option' | 'invalid_rating' | undefined {
  if (!poll || status === 'created' || status === undefined) return 'poll_not_active';
  if (status === 'closed') return 'poll_closed';
  if (alreadyVoted) return 'duplicate_vote';
  if (poll.pollType === 'multiple_choice') {
    if (!('selectedOptionIds' in vote)) return 'invalid_option';
    const known = new Set(poll.options.map((o) => o.optionId));
    if (vote.selectedOptionIds.some((id) => !known.has(id))) return 'invalid_option';
    if (!poll.allowMultiple && vote.selectedOptionIds.length > 1) return 'invalid_option';
  }
  if (poll.pollType === 'rating_scale') {
    if (!('ratingValue' in vote)) return 'invalid_rating';
    if (vote.ratingValue < poll.minRating || vote.ratingValue > poll.maxRating) return 'invalid_rating';
  }
  if (poll.pollType === 'open_text' && !('textResponse' in vote)) return 'invalid_option';
  return undefined;
}
