import type { PollState } from '@pollwire/client';
import { h } from './dom.js';

interface Bar {
  label: string;
  count: number;
}

function barsOf(poll: PollState): Bar[] {
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
      bars.push({ label: String(value), count: results.ratingDistribution?.[String(value)] ?? 0 });
    }
    return bars;
  }
  return [{ label: 'responses', count: results.currentVoteCount }];
}

/**
 * A bar chart of a poll's live results (`data-option` / `data-count` attributes make it easy to test).
 */
export function renderChart(poll: PollState): HTMLElement {
  const bars = barsOf(poll);
  const max = Math.max(1, ...bars.map((b) => b.count));
  const chart = h(
    'div',
    { class: 'chart', 'data-poll': poll.pollId, 'data-votes': String(poll.results.currentVoteCount) },
    ...bars.map((bar) =>
      h(
        'div',
        { class: 'bar', 'data-option': bar.label, 'data-count': String(bar.count) },
        h('span', { class: 'label' }, bar.label),
        h('span', { class: 'track' }, h('span', { class: 'fill', style: `width:${(bar.count / max) * 100}%` })),
        h('span', { class: 'count' }, String(bar.count)),
      ),
    ),
  );
  const summary =
    poll.results.averageRating === undefined
      ? `${poll.results.currentVoteCount} votes`
      : `${poll.results.currentVoteCount} votes, average ${poll.results.averageRating.toFixed(2)}`;
  chart.append(h('p', { class: 'total' }, summary));
  return chart;
}
