import type { PollCreatedPayload, VoteData } from '@pollwire/contracts';
import type { PollInput } from './http-api.js';
import type { Random } from './random.js';

/** One poll of each type, anonymous and not. */
export const DEMO_POLLS: readonly PollInput[] = [
  {
    question: 'Which transport do you use for realtime?',
    pollType: 'multiple_choice',
    options: ['WebSocket', 'Server-Sent Events', 'Long polling', 'WebTransport'],
    isAnonymous: true,
  },
  {
    question: 'Which features matter most?',
    pollType: 'multiple_choice',
    options: ['Resume', 'Typed events', 'Anonymity', 'Low latency', 'Small bundle'],
    allowMultiple: true,
    isAnonymous: false,
  },
  { question: 'How ready are we to ship?', pollType: 'rating_scale', minRating: 1, maxRating: 5, isAnonymous: true },
  { question: 'One word for this demo?', pollType: 'open_text', isAnonymous: false },
];

const WORDS = ['fast', 'solid', 'typed', 'boring', 'resilient', 'fun', 'tidy', 'live'];
// Skewed choices make the bars differ.
const SINGLE_WEIGHTS = [0.55, 0.2, 0.15, 0.1];
const RATING_WEIGHTS = [0.05, 0.1, 0.2, 0.4, 0.25];

function weighted(random: Random, weights: readonly number[]): number {
  let roll = random.next();
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return index;
  }
  return weights.length - 1;
}

/** A valid vote a simulated participant casts on `poll`. */
export function chooseVote(poll: PollCreatedPayload, random: Random): VoteData {
  if (poll.pollType === 'rating_scale') return { ratingValue: poll.minRating + weighted(random, RATING_WEIGHTS) };
  if (poll.pollType === 'open_text') return { textResponse: random.pick(WORDS) };
  const ids = poll.options.map((o) => o.optionId);
  if (!poll.allowMultiple) return { selectedOptionIds: [ids[weighted(random, SINGLE_WEIGHTS)] ?? ids[0]!] };
  return { selectedOptionIds: random.sample(ids, random.int(1, 3)) };
}
