import type { PollState } from '@pollwire/client';

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

/** A bar chart of a poll's live results (`data-option` / `data-count` attributes make it easy to test). */
export function Chart({ poll }: { poll: PollState }) {
  const bars = barsOf(poll);
  const max = Math.max(1, ...bars.map((b) => b.count));
  const { currentVoteCount, averageRating } = poll.results;
  return (
    <div className="chart" data-poll={poll.pollId} data-votes={currentVoteCount}>
      {bars.map((bar) => (
        <div className="bar" key={bar.label} data-option={bar.label} data-count={bar.count}>
          <span className="label">{bar.label}</span>
          <span className="track">
            <span className="fill" style={{ width: `${(bar.count / max) * 100}%` }} />
          </span>
          <span className="count">{bar.count}</span>
        </div>
      ))}
      <p className="total">
        {averageRating === undefined
          ? `${currentVoteCount} votes`
          : `${currentVoteCount} votes, average ${averageRating.toFixed(2)}`}
      </p>
    </div>
  );
}
