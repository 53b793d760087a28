import type { PollState, PollwireState } from '@pollwire/client';

export interface Bar {
  label: string;
  count: number;
}

/** The bars of a poll's live results: options, rating values, or a single count for open text. */
export function pollBars(poll: PollState): Bar[] {
  const { results } = poll;
  if (poll.pollType === 'multiple_choice') {
    return (poll.options ?? []).map((option) => ({
      label: option.optionText,
      count: results.voteBreakdown?.find((b) => b.optionId === option.optionId)?.voteCount ?? 0,
    }));
  }
  if (poll.pollType === 'rating_scale') {
    const bars: Bar[] = [];
    for (let value = poll.minRating ?? 1; value <= (poll.maxRating ?? 5); value++) {
      bars.push({ label: `rating ${value}`, count: results.ratingDistribution?.[String(value)] ?? 0 });
    }
    return bars;
  }
  return [{ label: 'responses', count: results.currentVoteCount }];
}

/** The poll worth showing: the active one, else the newest that has votes. */
export function shownPoll(state: PollwireState): PollState | undefined {
  if (state.activePollId) return state.polls[state.activePollId];
  return Object.values(state.polls)
    .filter((p) => p.status === 'closed')
    .sort((a, b) => b.sequenceOrder - a.sequenceOrder)[0];
}

/** A fixed-width text bar. */
export function textBar(count: number, max: number, width: number): string {
  const filled = max === 0 ? 0 : Math.round((count / max) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
