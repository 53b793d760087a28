import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../../examples/reference-server/src/server.js';
import { createPollwireClient, WebSocketUnavailableError } from '../src/index.js';
import { createApiClient, waitFor } from './support/api.js';

const hasWebSocket = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function';
const nodeMajor = Number(process.versions.node.split('.')[0]);

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
});
afterAll(() => server.close());

describe(`the runtime's WebSocket (Node ${process.versions.node})`, () => {
  it('is there from Node 22 on', () => {
    expect(hasWebSocket).toBe(nodeMajor >= 22);
  });

  it.runIf(hasWebSocket)('carries a client given no WebSocket option: connect, state, vote', async () => {
    const session = await createApiClient(server.httpUrl).createSession();
    const me = await session.join('Native');
    const poll = await session.createPoll('Native?');
    await session.start();
    await session.activate(poll.pollId);
    const client = createPollwireClient({ url: server.wsUrl, token: me.token, participantId: me.participantId });
    try {
      await waitFor(() => client.state.getSnapshot().activePollId === poll.pollId, 5000, 'the state');
      const optionId = poll.pollType === 'multiple_choice' ? poll.options[0]!.optionId : '';
      const confirmation = await client.submitVote({
        pollId: poll.pollId,
        voteData: { selectedOptionIds: [optionId] },
      });
      expect(confirmation.participantId).toBe(me.participantId);
      await waitFor(
        () => client.state.getSnapshot().polls[poll.pollId]?.results.currentVoteCount === 1,
        5000,
        'the results',
      );
    } finally {
      client.close();
    }
  });

  it.runIf(!hasWebSocket)('is missing on Node 20, and the error says to pass one from `ws`', () => {
    const create = () => createPollwireClient({ url: server.wsUrl, token: 't' });
    expect(create).toThrow(WebSocketUnavailableError);
    expect(create).toThrow(/import \{ WebSocket \} from 'ws'/);
  });
});
