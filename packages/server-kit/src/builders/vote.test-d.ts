import type { VoteAcceptedBroadcast } from '@pollwire/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { buildVoteAcceptedBroadcast, buildVoteAcceptedConfirmation, type VoteAggregates } from './vote.js';

describe('vote builders', () => {
  it('have no place for a voter identity in the room broadcast', () => {
    expectTypeOf(buildVoteAcceptedBroadcast).returns.toEqualTypeOf<VoteAcceptedBroadcast>();
    expectTypeOf<VoteAggregates>().not.toHaveProperty('participantId');
    expectTypeOf(buildVoteAcceptedConfirmation).returns.toHaveProperty('participantId');
  });
});
