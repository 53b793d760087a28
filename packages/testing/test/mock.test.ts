import { createPollwireClient, type PollwireClient, type ResyncEvent, VoteRejectedError } from '@pollwire/client';
import { setupServer } from 'msw/node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { createPollwireMock, type PollwireMock, PollwireMockError } from '../src/index.js';

// MSW patches `globalThis.WebSocket`, which Node 20 lacks: give it one to patch (no real socket is opened).
beforeAll(() => {
  if (!('WebSocket' in globalThis)) {
    Object.defineProperty(globalThis, 'WebSocket', { value: NodeWebSocket, configurable: true, writable: true });
  }
});

const URL = 'wss://polls.example.test/ws';
const open: { client: PollwireClient }[] = [];
const servers: ReturnType<typeof setupServer>[] = [];
const mocks: PollwireMock[] = [];

afterEach(() => {
  for (const { client } of open.splice(0)) client.close();
  for (const mock of mocks.splice(0)) mock.close();
  for (const server of servers.splice(0)) server.close();
});

function start(options: Partial<Parameters<typeof createPollwireMock>[0]> = {}) {
  const mock = createPollwireMock({ url: URL, ...options });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  mocks.push(mock);
  servers.push(server);
  return mock;
}

function connect(token: string, participantId?: string) {
  const client = createPollwireClient({
    url: URL,
    token,
    ...(participantId ? { participantId } : {}),
    backoff: { minDelayMs: 5, maxDelayMs: 20 },
  });
  open.push({ client });
  const resyncs: ResyncEvent[] = [];
  client.on('resync', (event) => resyncs.push(event));
  return { client, resyncs };
}

async function until(check: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const roomOf = (client: PollwireClient) => {
  const { myVotes: _mine, ...room } = client.state.getSnapshot();
  return room;
};
const roomOfMock = (mock: PollwireMock) => {
  const { myVotes: _mine, ...room } = mock.state;
  return room;
};

/** A session with an active multiple-choice poll, before anyone connects. */
function livePoll(mock: PollwireMock) {
  mock.broadcast('session:created', { title: 'Mocked' });
  mock.broadcast('session:started', {});
  const poll = mock.factories.poll('multiple_choice', { question: 'Tabs or spaces?' });
  mock.broadcast('poll:created', poll);
  mock.broadcast('poll:activated', { pollId: poll.pollId, question: poll.question });
  return poll;
}

describe('createPollwireMock with the real client', () => {
  it('sends the state on connect, then the room events it is told to broadcast', async () => {
    const mock = start();
    const poll = livePoll(mock);
    const { client } = connect('presenter');
    await until(() => client.state.getSnapshot().activePollId === poll.pollId, 'the state');
    expect(roomOf(client)).toEqual(roomOfMock(mock));

    const closed: number[] = [];
    client.on('poll:closed', (payload) => closed.push(payload.finalVoteCount));
    mock.broadcast('poll:closed', { pollId: poll.pollId, finalVoteCount: 0 });
    await until(() => closed.length === 1, 'poll:closed');
    expect(roomOf(client)).toEqual(roomOfMock(mock));
  });

  it("answers votes by the server's rules: accepted with aggregates, then a duplicate rejected", async () => {
    const mock = start();
    const poll = livePoll(mock);
    const me = mock.factories.uuid();
    const { client } = connect(me, me);
    await until(() => client.status === 'open', 'open');
    const confirmation = await client.submitVote({
      pollId: poll.pollId,
      voteData: { selectedOptionIds: [poll.options[1]!.optionId] },
    });
    expect(confirmation).toMatchObject({ currentVoteCount: 1, participantId: me });
    expect(confirmation.voteBreakdown?.[1]).toMatchObject({ voteCount: 1, percentage: 100 });
    await until(() => client.state.getSnapshot().polls[poll.pollId]?.results.currentVoteCount === 1, 'results');

    const again = client.submitVote({
      pollId: poll.pollId,
      voteData: { selectedOptionIds: [poll.options[0]!.optionId] },
    });
    await expect(again).rejects.toMatchObject({ name: 'VoteRejectedError', reason: 'duplicate_vote' });
  });

  it('lets a test decide votes with onVote', async () => {
    const mock = start();
    const poll = livePoll(mock);
    mock.onVote(() => ({ reject: 'poll_closed', message: 'too late' }));
    const me = mock.factories.uuid();
    const { client } = connect(me, me);
    const error = await client
      .submitVote({ pollId: poll.pollId, voteData: { selectedOptionIds: [poll.options[0]!.optionId] } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VoteRejectedError);
    expect(error).toMatchObject({ reason: 'poll_closed' });
  });

  it('drops an event so the client finds the gap and resumes by replay', async () => {
    const mock = start();
    const poll = livePoll(mock);
    const { client, resyncs } = connect('presenter');
    await until(() => client.status === 'open' && client.state.getSnapshot().activePollId === poll.pollId, 'open');
    const joined: string[] = [];
    client.on('participant:joined', (payload) => joined.push(payload.participantId));
    mock.dropNext(1);
    const first = mock.broadcast('participant:joined', { participantCount: 1 });
    const second = mock.broadcast('participant:joined', { participantCount: 2 });
    await until(() => joined.length === 2, 'both joins');
    expect(joined).toEqual([first.payload, second.payload].map((p) => (p as { participantId: string }).participantId));
    expect(resyncs).toEqual([]);
    expect(roomOf(client)).toEqual(roomOfMock(mock));
  });

  it('disconnects: the client reconnects and replays what it missed', async () => {
    const mock = start();
    livePoll(mock);
    const { client, resyncs } = connect('presenter');
    await until(() => client.status === 'open', 'open');
    const statuses: string[] = [];
    client.on('status', ({ status, reason }) => statuses.push(`${status}:${reason}`));
    mock.disconnect(1012);
    mock.broadcast('participant:counted', { participantCount: 7 });
    await until(() => client.state.getSnapshot().participantCount === 7, 'the missed count');
    expect(statuses[0]).toMatch(/^reconnecting:/);
    expect(resyncs).toEqual([]);
  });

  it.each([
    ['resumeBy snapshot', (mock: PollwireMock) => mock.resumeBy('snapshot'), 'replay_limit'],
    ['expired cursors', (mock: PollwireMock) => mock.expireCursors(), 'cursor_expired'],
    ['a new epoch', (mock: PollwireMock) => mock.newEpoch(), 'epoch_mismatch'],
  ] as const)('serves a resume after %s with the state, and the client says why', async (_name, script, reason) => {
    const mock = start();
    livePoll(mock);
    const { client, resyncs } = connect('presenter');
    await until(() => client.status === 'open', 'open');
    script(mock);
    mock.disconnect();
    mock.broadcast('participant:counted', { participantCount: 3 });
    await until(() => resyncs.length === 1, 'the resync');
    expect(resyncs[0]).toMatchObject({ reason, source: 'server_snapshot' });
    await until(() => client.state.getSnapshot().participantCount === 3, 'the state');
    expect(roomOf(client)).toEqual(roomOfMock(mock));
  });

  it('stalls: the client hears nothing, times the heartbeat out, and resumes once the mock is back', async () => {
    const mock = start({ heartbeatIntervalMs: 50 });
    livePoll(mock);
    const { client } = connect('presenter');
    await until(() => client.status === 'open', 'open');
    const reasons: string[] = [];
    client.on('status', ({ status, reason }) => status === 'reconnecting' && reasons.push(reason));
    mock.stall();
    await until(() => reasons.includes('heartbeat_timeout'), 'the heartbeat timeout');
    mock.unstall();
    await until(() => client.status === 'open', 'back');
  });

  it("echoes the client's heartbeat as the server does, so client.stats() gets a round trip", async () => {
    const mock = start({ heartbeatIntervalMs: 50 });
    livePoll(mock);
    const { client } = connect('presenter');
    await until(() => client.stats().lastRoundTripMs !== undefined, 'a heartbeat round trip');
    expect(client.stats().lastRoundTripMs).toBeGreaterThanOrEqual(0);
  });
});

describe('strictness', () => {
  it('refuses to send an invalid payload, naming the event and the path', () => {
    const mock = start();
    const act = () => mock.broadcast('poll:closed', { pollId: 'not-a-uuid' });
    expect(act).toThrow(PollwireMockError);
    expect(act).toThrow(/poll:closed at payload\.pollId/);
  });

  it('reports a frame the client sent that the contract rejects', async () => {
    const caught: PollwireMockError[] = [];
    const mock = start({ onViolation: (error) => caught.push(error) });
    const socket = new globalThis.WebSocket(`${URL}?token=presenter`);
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(JSON.stringify({ event: 'vote:submitted', requestId: 'r1', payload: { pollId: 'x' } }));
    await until(() => caught.length === 1, 'the violation');
    expect(caught[0]).toMatchObject({ code: 'invalid_client_frame', event: 'vote:submitted' });
    expect(caught[0]!.path).toMatch(/^payload\./);
    expect(mock.violations).toHaveLength(1);
    socket.close();
  });
});
