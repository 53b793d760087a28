import { describe, expectTypeOf, it } from 'vitest';
import { createPollwireMock } from './mock.js';

const mock = createPollwireMock({ url: 'wss://polls.example.test/ws' });

describe('the mock is typed from the contract', () => {
  it('types a broadcast by its event', () => {
    const closed = mock.broadcast('poll:closed', { finalVoteCount: 3 });
    expectTypeOf(closed.seq).toBeNumber();
    expectTypeOf(closed.payload.finalVoteCount).toBeNumber();
    mock.broadcast('participant:counted', { participantCount: 10 });
    mock.unicast('vote:rejected', { reason: 'duplicate_vote' });
  });

  it('rejects an unknown event and a wrong payload at compile time', () => {
    // @ts-expect-error not an event of the catalog
    mock.broadcast('poll:exploded', {});
    // @ts-expect-error finalVoteCount is a number
    mock.broadcast('poll:closed', { finalVoteCount: 'three' });
    // @ts-expect-error not a field of participant:counted
    mock.broadcast('participant:counted', { attendees: 3 });
    // @ts-expect-error a unicast event, not a room event
    mock.broadcast('vote:rejected', {});
    // @ts-expect-error not a rejection reason
    mock.unicast('vote:rejected', { reason: 'too_late' });
  });
});
