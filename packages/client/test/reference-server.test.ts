import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientWebSocketKind, clientWebSocket as WebSocket } from '@pollwire/test-kit';
import { type ReferenceServer, startReferenceServer } from '../../../examples/reference-server/src/server.js';
import { createPollwireClient, type PollwireClient } from '../src/index.js';
import { createApiClient, waitFor } from './support/api.js';

let server: ReferenceServer;
let proxy: FaultProxy;
const clients: PollwireClient[] = [];

beforeAll(async () => {
  server = await startReferenceServer({ port: 0, heartbeatIntervalMs: 300 });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  proxy.heal();
  proxy.delay(0);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const viaProxy = () => proxy.url;
const fastBackoff = { minDelayMs: 20, maxDelayMs: 100 };

describe('against the reference server', () => {
  it('connects, receives, votes, loses the network, comes back and catches up', async () => {
    const api = createApiClient(server.httpUrl);
    const session = await api.createSession();
    const me = await session.join('Ada');
    const client = createPollwireClient({
      url: viaProxy(),
      token: me.token,
      participantId: me.participantId,
      WebSocket,
      backoff: fastBackoff,
    });
    clients.push(client);
    const seen: string[] = [];
    client.on('poll:created', (_p, m) => seen.push(m.eventId));
    client.on('poll:activated', (_p, m) => seen.push(m.eventId));
    await waitFor(() => client.status === 'open', 5000, 'open');

    const poll = await session.createPoll('Tea?');
    await session.start();
    await session.activate(poll.pollId);
    await waitFor(() => client.state.getSnapshot().activePollId === poll.pollId, 5000, 'activation');
    const optionId = poll.pollType === 'multiple_choice' ? poll.options[0]!.optionId : '';
    const confirmation = await client.submitVote({ pollId: poll.pollId, voteData: { selectedOptionIds: [optionId] } });
    expect(confirmation.participantId).toBe(me.participantId);

    proxy.cut();
    proxy.blackhole();
    const second = await session.createPoll('Coffee?');
    await session.activate(second.pollId);
    const offlineVote = client.submitVote({
      pollId: second.pollId,
      voteData: { selectedOptionIds: [second.pollType === 'multiple_choice' ? second.options[1]!.optionId : ''] },
    });
    expect(client.votes.list()).toHaveLength(1);
    proxy.heal();
    await expect(offlineVote).resolves.toMatchObject({ pollId: second.pollId });

    await waitFor(() => client.state.getSnapshot().polls[second.pollId]?.results.currentVoteCount === 1, 5000, 'vote');
    const state = client.state.getSnapshot();
    expect(state.activePollId).toBe(second.pollId);
    expect(state.session.status).toBe('active');
    expect(Object.keys(state.myVotes).sort()).toEqual([poll.pollId, second.pollId].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(4);
  });

  it("measures lastRoundTripMs from its answer to the server's first heartbeat and the server's echo", async () => {
    const me = await (await createApiClient(server.httpUrl).createSession()).join('Kim');
    const client = createPollwireClient({
      url: server.wsUrl,
      token: me.token,
      participantId: me.participantId,
      WebSocket,
    });
    clients.push(client);
    const heartbeats: (string | undefined)[] = [];
    client.on('connection:heartbeat', (_payload, message) => heartbeats.push(message.requestId));
    await waitFor(() => client.status === 'open', 5000, 'open');
    expect(client.stats().lastRoundTripMs).toBeUndefined();
    // The first heartbeat comes 0.5 to 1.6 intervals (300 ms) after connecting.
    await waitFor(() => client.stats().lastRoundTripMs !== undefined, 5000, 'an echoed heartbeat');
    expect(client.stats().lastRoundTripMs).toBeGreaterThanOrEqual(0);
    // The echo is not an event for the app: its handlers saw only the server's own heartbeats (no requestId).
    expect(heartbeats.length).toBeGreaterThanOrEqual(1);
    expect(heartbeats.every((requestId) => requestId === undefined)).toBe(true);
  });

  it('fetches its token with an async function before each attempt, and retries one that fails', async () => {
    const session = await createApiClient(server.httpUrl).createSession();
    const me = await session.join('Lin');
    let fetches = 0;
    const client = createPollwireClient({
      url: viaProxy(),
      token: async () => {
        fetches++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (fetches === 1) throw new Error('token service unavailable');
        return me.token;
      },
      participantId: me.participantId,
      WebSocket,
      backoff: fastBackoff,
    });
    clients.push(client);
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.code));
    await waitFor(() => client.status === 'open', 5000, 'open');
    expect(errors).toEqual(['token_failed']);
    expect(fetches).toBe(2);

    proxy.cut();
    await waitFor(() => fetches === 3 && client.status === 'open', 5000, 'a fresh token for the resume');
  });

  it.runIf(clientWebSocketKind === 'ws')(
    'treats an HTTP 401 at upgrade as an auth refusal and does not reconnect',
    async () => {
      const client = createPollwireClient({ url: server.wsUrl, token: 'forged', WebSocket, backoff: fastBackoff });
      clients.push(client);
      const statuses: string[] = [];
      client.on('status', (s) => statuses.push(`${s.status}:${s.reason}`));
      await waitFor(() => client.status === 'closed', 5000, 'closed');
      expect(statuses).toEqual(['closed:unauthorized']);
    },
  );

  it.runIf(clientWebSocketKind === 'native')(
    "retries an HTTP 401 at upgrade with backoff where the runtime's WebSocket hides the status, until its cap",
    async () => {
      const client = createPollwireClient({
        url: server.wsUrl,
        token: 'forged',
        WebSocket,
        backoff: fastBackoff,
        maxReconnectAttempts: 2,
      });
      clients.push(client);
      const statuses: string[] = [];
      client.on('status', (s) => statuses.push(`${s.status}:${s.reason}`));
      await waitFor(() => client.status === 'closed', 5000, 'closed');
      expect(statuses.at(-1)).toBe('closed:max_reconnect_attempts');
      expect(statuses.filter((s) => s.startsWith('reconnecting')).length).toBeGreaterThanOrEqual(1);
    },
  );
});
