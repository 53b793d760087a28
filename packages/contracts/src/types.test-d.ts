import { describe, expectTypeOf, it } from 'vitest';
import type {
  ClientEventName,
  ClientMessage,
  RoomEventName,
  ServerEventMap,
  ServerMessage,
  UnicastEventName,
  VoteAcceptedBroadcast,
  VoteAcceptedConfirmation,
  VoteData,
} from './index.js';

describe('derived types', () => {
  it('maps vote:accepted to the union of broadcast and confirmation', () => {
    expectTypeOf<ServerEventMap['vote:accepted']>().toEqualTypeOf<VoteAcceptedBroadcast | VoteAcceptedConfirmation>();
    expectTypeOf<VoteAcceptedConfirmation>().toHaveProperty('participantId').toEqualTypeOf<string>();
  });

  it('gives the broadcast no place for participantId', () => {
    expectTypeOf<VoteAcceptedBroadcast>().not.toHaveProperty('participantId');
    const broadcast: VoteAcceptedBroadcast = {
      voteId: 'v',
      pollId: 'p',
      submittedAt: 't',
      currentVoteCount: 1,
      // @ts-expect-error the room broadcast cannot carry a voter identity
      participantId: 'someone',
    };
    expectTypeOf(broadcast).toEqualTypeOf<VoteAcceptedBroadcast>();
  });

  it('narrows ServerMessage on event to the payload', () => {
    const handle = (message: ServerMessage) => {
      if (message.event === 'poll:activated') expectTypeOf(message.payload.question).toEqualTypeOf<string>();
      if (message.event === 'vote:rejected') {
        expectTypeOf(message.payload.reason).toEqualTypeOf<
          'poll_closed' | 'duplicate_vote' | 'poll_not_active' | 'invalid_option' | 'invalid_rating'
        >();
        expectTypeOf(message.seq).toEqualTypeOf<undefined>();
      }
      if (message.event === 'vote:accepted' && message.seq !== undefined) {
        expectTypeOf(message.payload).toEqualTypeOf<VoteAcceptedBroadcast>();
      }
      if (message.event === 'session:started') expectTypeOf(message.seq).toEqualTypeOf<number>();
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<ServerMessage>();
  });

  it('types the vote:submitted voteData as the union of the three shapes', () => {
    expectTypeOf<ClientMessage<'vote:submitted'>['payload']['voteData']>().toEqualTypeOf<VoteData>();
    expectTypeOf<VoteData>().toEqualTypeOf<
      { selectedOptionIds: string[] } | { ratingValue: number } | { textResponse: string }
    >();
  });

  it('derives the exact event name unions', () => {
    expectTypeOf<ClientEventName>().toEqualTypeOf<'vote:submitted' | 'connection:heartbeat'>();
    expectTypeOf<RoomEventName>().toEqualTypeOf<
      | 'session:created'
      | 'session:started'
      | 'session:ended'
      | 'poll:created'
      | 'poll:activated'
      | 'poll:closed'
      | 'vote:accepted'
      | 'participant:joined'
      | 'participant:disconnected'
      | 'participant:counted'
    >();
    expectTypeOf<UnicastEventName>().toEqualTypeOf<
      | 'connection:established'
      | 'connection:reconnected'
      | 'connection:heartbeat'
      | 'session:synchronized'
      | 'vote:accepted'
      | 'vote:rejected'
      | 'error:general'
    >();
  });
});
