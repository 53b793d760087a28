import type { PollwireClient } from '@pollwire/client';
import type { RoomPayload } from '@pollwire/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { PollwireProvider } from './provider.js';
import { usePollwireEvent } from './use-pollwire-event.js';
import { usePollwireState } from './use-pollwire-state.js';
import { useVote } from './use-vote.js';

declare const client: PollwireClient;

describe('@pollwire/react types', () => {
  it('infers what a selector returns', () => {
    expectTypeOf(usePollwireState((state) => state.participantCount)).toEqualTypeOf<number>();
    expectTypeOf(usePollwireState((state) => state.polls.p?.results)).toEqualTypeOf<
      | {
          currentVoteCount: number;
          voteBreakdown?: { optionId: string; voteCount: number; percentage: number }[];
          averageRating?: number;
          ratingDistribution?: Record<string, number>;
        }
      | undefined
    >();
  });

  it("types an event's payload from its name", () => {
    usePollwireEvent('poll:activated', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<RoomPayload<'poll:activated'>>();
    });
    usePollwireEvent('resync', ({ reason }) => expectTypeOf(reason).toBeString());
    // @ts-expect-error not an event
    usePollwireEvent('poll:exploded', () => {});
  });

  it("types a vote by the poll's type", () => {
    useVote<'multiple_choice'>('p').submit({ selectedOptionIds: ['o'] });
    useVote<'rating_scale'>('p').submit({ ratingValue: 4 });
    useVote<'open_text'>('p').submit({ textResponse: 'hi' });
    // @ts-expect-error a rating poll takes a rating
    useVote<'rating_scale'>('p').submit({ textResponse: 'hi' });
    // any of the three when the type is not named
    useVote('p').submit({ ratingValue: 1 });
    expectTypeOf(useVote('p').status).toEqualTypeOf<'idle' | 'pending' | 'accepted' | 'rejected'>();
  });

  it('takes a client or options, not both', () => {
    PollwireProvider({ client });
    PollwireProvider({ options: { url: 'wss://x/ws', token: async () => 't' } });
    // @ts-expect-error one or the other
    PollwireProvider({ client, options: { url: 'wss://x/ws', token: 't' } });
  });
});
