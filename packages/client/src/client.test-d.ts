import type {
  PollCreatedPayload,
  VoteAcceptedBroadcast,
  VoteAcceptedConfirmation,
  VoteRejectionReason,
} from '@pollwire/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { createPollwireClient, type PollwireClientStats } from './client.js';
import type { ConnectionStatus, StatusChange } from './connection.js';
import type { VoteRejectedError } from './errors.js';
import type { ResyncEvent } from './events.js';
import type { PollwireClientStats as ExportedStats } from './index.js';
import type { PollwireState } from '@pollwire/contracts/client';

const client = createPollwireClient({ url: 'ws://localhost/ws', token: 't', WebSocket: NodeWebSocket });

describe('client types', () => {
  it('infers the vote:accepted payload as the union of broadcast and confirmation', () => {
    client.on('vote:accepted', (payload, message) => {
      expectTypeOf(payload).toEqualTypeOf<VoteAcceptedBroadcast | VoteAcceptedConfirmation>();
      expectTypeOf(message.seq).toEqualTypeOf<number | undefined>();
      if ('participantId' in payload) expectTypeOf(payload.participantId).toBeString();
    });
  });

  it('infers poll:created payloads and the client channels', () => {
    client.on('poll:created', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<PollCreatedPayload>();
    });
    client.on('status', (change) => expectTypeOf(change).toEqualTypeOf<StatusChange>());
    client.on('resync', (event) => expectTypeOf(event.source).toEqualTypeOf<ResyncEvent['source']>());
    expectTypeOf(client.on('poll:closed', () => {})).toEqualTypeOf<() => void>();
  });

  it('rejects unknown events, client-only events and wrong payload use', () => {
    // @ts-expect-error not an event
    client.on('poll:deleted', () => {});
    // @ts-expect-error vote:submitted is sent by clients, never received
    client.on('vote:submitted', () => {});
    // @ts-expect-error poll:closed has no question
    client.on('poll:closed', (payload) => payload.question);
  });

  it('types submitVote input and result', () => {
    expectTypeOf(client.submitVote({ pollId: 'p', voteData: { ratingValue: 3 } })).toEqualTypeOf<
      Promise<VoteAcceptedConfirmation>
    >();
    client.submitVote({ pollId: 'p', voteData: { selectedOptionIds: ['a'] } }, { requestId: 'r' });
    // @ts-expect-error voteData must be one of the contract's shapes
    client.submitVote({ pollId: 'p', voteData: { rating: 3 } });
    // @ts-expect-error pollId is required
    client.submitVote({ voteData: { textResponse: 'x' } });
    expectTypeOf<VoteRejectedError['reason']>().toEqualTypeOf<VoteRejectionReason>();
  });

  it('exposes a store compatible with useSyncExternalStore', () => {
    expectTypeOf(client.state.getSnapshot).toEqualTypeOf<() => PollwireState>();
    expectTypeOf(client.state.subscribe).toEqualTypeOf<(listener: () => void) => () => void>();
  });

  it('accepts the DOM WebSocket class too', () => {
    createPollwireClient({ url: 'ws://x', token: () => 't', WebSocket: globalThis.WebSocket });
  });

  it('takes a token, a function returning one, or an async function fetching one', () => {
    createPollwireClient({ url: 'ws://x', token: async () => 't', WebSocket: NodeWebSocket });
    createPollwireClient({ url: 'ws://x', token: () => Promise.resolve('t'), WebSocket: NodeWebSocket });
    // @ts-expect-error a token is a string
    createPollwireClient({ url: 'ws://x', token: async () => 42, WebSocket: NodeWebSocket });
  });

  it('types stats() as a plain snapshot with counts by resync source', () => {
    const stats = client.stats();
    expectTypeOf(stats).toEqualTypeOf<PollwireClientStats>();
    expectTypeOf<ExportedStats>().toEqualTypeOf<PollwireClientStats>();
    expectTypeOf(stats.status).toEqualTypeOf<ConnectionStatus>();
    expectTypeOf(stats.resyncs).toEqualTypeOf<Record<ResyncEvent['source'], number>>();
    expectTypeOf(stats.lastRoundTripMs).toEqualTypeOf<number | undefined>();
    expectTypeOf(stats.reconnects).toBeNumber();
    expectTypeOf(stats.framesReceived).toBeNumber();
    expectTypeOf(stats.framesSent).toBeNumber();
    expectTypeOf(stats.votesQueued).toBeNumber();
    // @ts-expect-error resyncs are counted by source, and 'replay' is not one
    stats.resyncs.replay;
  });
});
