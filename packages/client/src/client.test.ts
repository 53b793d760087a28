import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockServer, MOCK_URL, type MockConnection, settle } from '../test/support/mock-server.js';
import {
  established,
  joined,
  PARTICIPANT,
  pollActivated,
  pollCreated,
  reconnected,
  T,
  unicast,
  uuid,
  voteCounted,
} from '../test/support/messages.js';
import { createPollwireClient, type PollwireClient } from './client.js';
import type { StatusChange } from './connection.js';
import { VoteFailedError, VoteRejectedError, VoteTimeoutError, WebSocketUnavailableError } from './errors.js';
import type { PollwireClientOptions } from './options.js';
import {
  initialPollwireState,
  type PollwireState,
  reducePollwireState,
  snapshotOfState,
} from '@pollwire/contracts/client';

const { server, connections } = createMockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let client: PollwireClient | undefined;
let statuses: StatusChange[];
let seen: string[];
let errors: Error[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date(T));
  connections.length = 0;
});
afterEach(() => {
  client?.close();
  client = undefined;
  vi.useRealTimers();
});

function start(options: Partial<PollwireClientOptions> = {}) {
  statuses = [];
  seen = [];
  errors = [];
  let n = 0;
  const created = createPollwireClient({
    url: MOCK_URL,
    token: 'tok',
    participantId: PARTICIPANT,
    backoff: { random: () => 0.5 },
    createRequestId: () => `req-${++n}`,
    ...options,
  });
  created.on('status', (change) => statuses.push(change));
  created.on('error', (error) => errors.push(error));
  const record = (_payload: unknown, message: { eventId: string }) => {
    seen.push(message.eventId);
  };
  created.on('poll:created', record);
  created.on('poll:activated', record);
  created.on('vote:accepted', record);
  created.on('participant:joined', record);
  client = created;
  return created;
}

async function connection(index: number): Promise<MockConnection> {
  await settle();
  const found = connections[index];
  if (!found) throw new Error(`no connection #${index} (have ${connections.length})`);
  return found;
}

/** Runs the client's reconnect timer (backoff with random 0.5 → at most 10 s at these attempt counts). */
async function reconnect(index: number) {
  await vi.advanceTimersByTimeAsync(10_000);
  return connection(index);
}

const pollState = (c: PollwireClient, poll: number) => c.state.getSnapshot().polls[uuid(poll)];

describe('connect and history', () => {
  it('applies connection:established and the history batches, calling each handler once', async () => {
    const c = start();
    expect(c.status).toBe('connecting');
    const conn = await connection(0);
    expect(conn.url.searchParams.get('token')).toBe('tok');
    expect(conn.url.searchParams.has('lastEventId')).toBe(false);
    conn.send(established({ historyCount: 3, cursor: 'e3' }));
    conn.sendBatch([pollCreated(1, 1), pollActivated(2, 1)]);
    conn.sendBatch([joined(3, 50, 1)]);
    await settle();
    expect(c.status).toBe('open');
    expect(seen).toEqual(['e1', 'e2', 'e3']);
    expect(c.state.getSnapshot()).toMatchObject({ activePollId: uuid(1), participantCount: 1 });
    expect(statuses.map((s) => s.status)).toEqual(['open']);
  });

  it('delivers live events in order with payloads inferred from the contract', async () => {
    const c = start();
    const conn = await connection(0);
    const questions: string[] = [];
    c.on('poll:created', (poll) => questions.push(poll.question));
    conn.send(established(), pollCreated(1, 7), pollActivated(2, 7), voteCounted(3, 7, 1));
    await settle();
    expect(questions).toEqual(['Question 7?']);
    expect(pollState(c, 7)).toMatchObject({ status: 'active', results: { currentVoteCount: 1 } });
  });

  it('reports a bad frame on the error channel with its event name and keeps the connection', async () => {
    const c = start();
    const conn = await connection(0);
    conn.send(established());
    conn.sendRaw(JSON.stringify({ ...pollCreated(1, 1), payload: { question: 42 } }));
    conn.sendRaw('not json');
    conn.send(pollCreated(1, 1));
    await settle();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ name: 'FrameValidationError', code: 'invalid_frame', event: 'poll:created' });
    expect(errors[0]?.message).toContain('payload');
    expect(c.status).toBe('open');
    expect(seen).toEqual(['e1']);
  });

  it('throws a typed error naming the fix when there is no WebSocket', () => {
    const original = globalThis.WebSocket;
    Object.defineProperty(globalThis, 'WebSocket', { value: undefined, configurable: true, writable: true });
    try {
      expect(() => createPollwireClient({ url: MOCK_URL, token: 't' })).toThrow(WebSocketUnavailableError);
      expect(() => createPollwireClient({ url: MOCK_URL, token: 't' })).toThrow(/WebSocket.*ws/);
    } finally {
      Object.defineProperty(globalThis, 'WebSocket', { value: original, configurable: true, writable: true });
    }
  });
});

describe('resume', () => {
  it('resumes from the last eventId on a seq gap and applies the replay without repeats', async () => {
    const c = start();
    const first = await connection(0);
    first.send(established(), pollCreated(1, 1), pollActivated(2, 1), voteCounted(4, 1, 2));
    await settle();
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'seq_gap' });
    expect(seen).toEqual(['e1', 'e2']);

    const second = await reconnect(1);
    expect(second.url.searchParams.get('lastEventId')).toBe('e2');
    second.send(reconnected({ replayFrom: 'e2', replayCount: 2 }));
    second.sendBatch([pollActivated(2, 1), voteCounted(3, 1, 1), voteCounted(4, 1, 2)]);
    second.send(voteCounted(4, 1, 2));
    await settle();
    expect(seen).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(pollState(c, 1)?.results.currentVoteCount).toBe(2);
    expect(c.status).toBe('open');
  });

  it('resumes with the established cursor when it received no event, after the socket drops', async () => {
    start();
    const first = await connection(0);
    first.send(established({ cursor: 'empty-cursor' }));
    await settle();
    first.close(1001, 'going away');
    await settle();
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'socket_closed', code: 1001 });
    const second = await reconnect(1);
    expect(second.url.searchParams.get('lastEventId')).toBe('empty-cursor');
  });

  it('rebuilds from loadSnapshot when there is no full replay, then applies what arrived meanwhile', async () => {
    let release: (state: PollwireState) => void = () => {};
    const loadSnapshot = vi.fn(() => new Promise<PollwireState>((resolve) => (release = resolve)));
    const c = start({ loadSnapshot });
    const resyncs: unknown[] = [];
    c.on('resync', (event) => resyncs.push(event));
    const first = await connection(0);
    first.send(established(), pollCreated(1, 1));
    await settle();
    const snapshotState = c.state.getSnapshot();
    first.close(1001);
    const second = await reconnect(1);
    second.send(
      reconnected({
        recovered: false,
        resyncReason: 'cursor_expired',
        replayCount: 0,
        cursor: 'e40',
      }),
    );
    second.send(pollActivated(41, 1));
    await settle();
    expect(loadSnapshot).toHaveBeenCalledTimes(1);
    expect(resyncs).toEqual([]);
    release(snapshotState);
    await settle();
    expect(resyncs).toEqual([{ reason: 'cursor_expired', source: 'snapshot' }]);
    expect(c.state.getSnapshot().activePollId).toBe(uuid(1));
    second.send(voteCounted(42, 1, 3));
    await settle();
    expect(pollState(c, 1)?.results.currentVoteCount).toBe(3);
  });

  it('without loadSnapshot, resets the state and reports the resync as unrecoverable', async () => {
    const c = start();
    const resyncs: unknown[] = [];
    c.on('resync', (event) => resyncs.push(event));
    const first = await connection(0);
    first.send(established(), pollCreated(1, 1));
    await settle();
    first.close(1001);
    const second = await reconnect(1);
    second.send(reconnected({ recovered: false, resyncReason: 'cursor_expired', cursor: 'e9' }));
    await settle();
    expect(resyncs).toEqual([{ reason: 'cursor_expired', source: 'none' }]);
    expect(errors.map((e) => (e as { code?: string }).code)).toContain('resync_unrecoverable');
    expect(c.state.getSnapshot().polls).toEqual({});
  });
});

describe('server snapshots (session:synchronized)', () => {
  /** The state of poll 1 created (and, with `active`, activated) at `seq`, as the server sends it. */
  const synchronized = (seq: number, active = false, extra: Record<string, unknown> = {}) =>
    unicast('session:synchronized', {
      ...snapshotOfState(
        uuid(0xabc),
        [pollCreated(1, 1), ...(active ? [pollActivated(2, 1)] : [])].reduce(reducePollwireState, initialPollwireState),
        { cursor: `e${seq}`, seq },
      ),
      ...extra,
    });

  it('on connect, takes the state at S and then only the events after S, reporting no resync', async () => {
    const c = start();
    const resyncs: unknown[] = [];
    c.on('resync', (event) => resyncs.push(event));
    const conn = await connection(0);
    conn.send(established({ snapshot: true, historyCount: undefined, historyComplete: undefined, cursor: 'e5' }));
    // A room event ahead of the state is held until the state arrives; one it covers is dropped.
    conn.send(pollActivated(6, 1));
    await settle();
    expect(c.state.getSnapshot().polls).toEqual({});
    conn.send(synchronized(5), pollActivated(5, 1), pollActivated(7, 1));
    await settle();
    expect(pollState(c, 1)?.status).toBe('active');
    expect(seen).toEqual(['e6', 'e7']);
    expect(resyncs).toEqual([]);
    expect(errors).toEqual([]);
    conn.close(1001);
    const second = await reconnect(1);
    expect(second.url.searchParams.get('lastEventId')).toBe('e7');
  });

  it('on a resume answered with the state, replaces it, keeps my votes and reports the resync', async () => {
    const c = start();
    const resyncs: unknown[] = [];
    c.on('resync', (event) => resyncs.push(event));
    const first = await connection(0);
    first.send(established(), pollCreated(1, 1), pollActivated(2, 1));
    first.send(unicast('vote:accepted', { ...voteCounted(3, 1, 1).payload, participantId: PARTICIPANT } as never));
    await settle();
    expect(Object.keys(c.state.getSnapshot().myVotes)).toEqual([uuid(1)]);
    first.close(1001);
    const second = await reconnect(1);
    expect(second.url.searchParams.get('lastEventId')).toBe('e2');
    second.send(
      reconnected({ recovered: false, resyncReason: 'replay_limit', snapshot: true, replayCount: 0, cursor: 'e90' }),
      synchronized(90, false),
    );
    await settle();
    expect(resyncs).toEqual([{ reason: 'replay_limit', source: 'server_snapshot' }]);
    expect(pollState(c, 1)?.status).toBe('created');
    expect(Object.keys(c.state.getSnapshot().myVotes)).toEqual([uuid(1)]);
    second.send(pollActivated(91, 1));
    await settle();
    expect(pollState(c, 1)?.status).toBe('active');
  });

  it('reports an invalid snapshot, applies nothing of it, and reconnects from the cursor it had', async () => {
    const c = start();
    const first = await connection(0);
    first.send(established(), pollCreated(1, 1));
    await settle();
    const before = c.state.getSnapshot();
    first.close(1001);
    const second = await reconnect(1);
    second.send(
      reconnected({ recovered: false, resyncReason: 'cursor_expired', snapshot: true, cursor: 'e40' }),
      synchronized(40, true, { participantCount: -1 }),
    );
    await settle();
    expect(errors.map((e) => (e as { code?: string }).code)).toContain('invalid_frame');
    expect(c.state.getSnapshot()).toBe(before);
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'invalid_snapshot' });
    const third = await reconnect(2);
    expect(third.url.searchParams.get('lastEventId')).toBe('e1');
  });
});

describe('heartbeat', () => {
  it('answers server heartbeats and reconnects after two silent intervals', async () => {
    start();
    const first = await connection(0);
    first.send(established({ heartbeatIntervalMs: 1000 }), unicast('connection:heartbeat', { timestamp: T }));
    await settle();
    // With its send time as requestId, for the server to echo (see stats()).
    expect(first.received).toEqual([
      { event: 'connection:heartbeat', requestId: String(Date.parse(T)), payload: { timestamp: T } },
    ]);
    // The last frame came in the first half interval; four silent half intervals follow it.
    await vi.advanceTimersByTimeAsync(2499);
    expect(statuses.at(-1)?.status).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses.at(-1)).toMatchObject({ status: 'reconnecting', reason: 'heartbeat_timeout' });
    await reconnect(1);
    expect(connections).toHaveLength(2);
  });
});

describe('votes', () => {
  const voteData = { selectedOptionIds: [uuid(101)] };
  const confirmation = (requestId: string) =>
    unicast(
      'vote:accepted',
      { voteId: uuid(900), pollId: uuid(1), participantId: PARTICIPANT, submittedAt: T, currentVoteCount: 1 },
      { requestId },
    );

  it('resolves with the confirmation and records my vote', async () => {
    const c = start();
    const conn = await connection(0);
    conn.send(established());
    await settle();
    const vote = c.submitVote({ pollId: uuid(1), voteData });
    await settle();
    expect(conn.received).toEqual([
      {
        event: 'vote:submitted',
        requestId: 'req-1',
        payload: { pollId: uuid(1), participantId: PARTICIPANT, voteData, submittedAt: T },
      },
    ]);
    conn.send(confirmation('req-1'));
    await expect(vote).resolves.toMatchObject({ voteId: uuid(900), participantId: PARTICIPANT });
    expect(c.state.getSnapshot().myVotes[uuid(1)]).toEqual({ voteId: uuid(900), submittedAt: T });
    expect(c.votes.list()).toEqual([]);
  });

  it('rejects with VoteRejectedError carrying the reason, and with VoteFailedError on error:general', async () => {
    const c = start();
    const conn = await connection(0);
    conn.send(established());
    await settle();
    const rejected = c.submitVote({ pollId: uuid(1), voteData });
    const failed = c.submitVote({ pollId: uuid(2), voteData });
    conn.send(
      unicast(
        'vote:rejected',
        { pollId: uuid(1), participantId: PARTICIPANT, reason: 'poll_closed', message: 'closed', timestamp: T },
        { requestId: 'req-1' },
      ),
      unicast(
        'error:general',
        { errorCode: 'poll_not_found', message: 'no poll', timestamp: T },
        { requestId: 'req-2' },
      ),
    );
    await expect(rejected).rejects.toBeInstanceOf(VoteRejectedError);
    await expect(rejected).rejects.toMatchObject({ reason: 'poll_closed', requestId: 'req-1' });
    await expect(failed).rejects.toMatchObject({ code: 'vote_failed', serverCode: 'poll_not_found' });
  });

  it('times out without an answer, and a resend reuses the requestId', async () => {
    const c = start({ voteTimeoutMs: 5000 });
    const conn = await connection(0);
    conn.send(established({ heartbeatIntervalMs: 60_000 }));
    await settle();
    const vote = c.submitVote({ pollId: uuid(1), voteData });
    const assertion = expect(vote).rejects.toBeInstanceOf(VoteTimeoutError);
    await vi.advanceTimersByTimeAsync(5000);
    await assertion;
    const retry = c.submitVote({ pollId: uuid(1), voteData }, { requestId: 'req-1' });
    await settle();
    expect(conn.received.map((m) => m.requestId)).toEqual(['req-1', 'req-1']);
    conn.send(confirmation('req-1'));
    await expect(retry).resolves.toMatchObject({ voteId: uuid(900) });
  });

  it('queues votes while offline, lets the caller see and cancel them, and sends the rest after resume', async () => {
    const c = start();
    const first = await connection(0);
    first.send(established());
    await settle();
    const inFlight = c.submitVote({ pollId: uuid(1), voteData });
    await settle();
    first.close(1001);
    await settle();
    const queued = c.submitVote({ pollId: uuid(2), voteData });
    const cancelled = c.submitVote({ pollId: uuid(3), voteData });
    expect(c.votes.list().map((v) => [v.requestId, v.state])).toEqual([
      ['req-1', 'queued'],
      ['req-2', 'queued'],
      ['req-3', 'queued'],
    ]);
    expect(c.votes.cancel('req-3')).toBe(true);
    await expect(cancelled).rejects.toMatchObject({ code: 'vote_cancelled' });

    const second = await reconnect(1);
    second.send(reconnected());
    await settle();
    expect(second.received.map((m) => m.requestId)).toEqual(['req-1', 'req-2']);
    expect(c.votes.cancel('req-1')).toBe(false);
    second.send(confirmation('req-1'), { ...confirmation('req-2'), eventId: 'other' });
    await expect(inFlight).resolves.toBeDefined();
    await expect(queued).resolves.toBeDefined();
  });

  it('bounds the offline queue', async () => {
    const c = start({ maxQueuedVotes: 1 });
    const first = c.submitVote({ pollId: uuid(1), voteData });
    await expect(c.submitVote({ pollId: uuid(2), voteData })).rejects.toMatchObject({ code: 'vote_queue_full' });
    c.close();
    await expect(first).rejects.toBeInstanceOf(VoteFailedError);
    await expect(first).rejects.toMatchObject({ code: 'client_closed' });
  });

  it('rejects a vote that breaks the contract before sending it', async () => {
    const c = start();
    await expect(c.submitVote({ pollId: 'not-a-uuid', voteData })).rejects.toMatchObject({ code: 'invalid_vote' });
    const anonymous = createPollwireClient({ url: MOCK_URL, token: 't', autoConnect: false });
    await expect(anonymous.submitVote({ pollId: uuid(1), voteData })).rejects.toMatchObject({
      code: 'participant_required',
    });
  });
});

describe('status and shutdown', () => {
  it('goes connecting → open → reconnecting → open with reasons', async () => {
    const c = start();
    expect(c.status).toBe('connecting');
    const statusLog: string[] = [];
    c.on('status', (s) => statusLog.push(`${s.status}:${s.reason}`));
    const first = await connection(0);
    first.send(established());
    first.close(4409, 'slow consumer');
    await settle();
    const second = await reconnect(1);
    second.send(reconnected());
    await settle();
    expect(statusLog).toEqual(['open:socket_open', 'reconnecting:socket_closed', 'open:socket_open']);
    expect(statuses.map((s) => s.status)).toEqual(['open', 'reconnecting', 'open']);
    expect(statuses[1]).toMatchObject({ code: 4409, attempt: 1, delayMs: 250 });
  });

  it('close() leaves no timer and never reconnects', async () => {
    const c = start();
    const conn = await connection(0);
    conn.send(established());
    await settle();
    const pending = c.submitVote({ pollId: uuid(1), voteData: { ratingValue: 3 } });
    c.close();
    await expect(pending).rejects.toMatchObject({ code: 'client_closed' });
    expect(c.status).toBe('closed');
    expect(statuses.at(-1)).toEqual({ status: 'closed', reason: 'client_closed' });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(connections).toHaveLength(1);
  });

  it('does not reconnect after 4401 or 4404', async () => {
    for (const [code, reason] of [
      [4401, 'unauthorized'],
      [4404, 'session_not_found'],
    ] as const) {
      connections.length = 0;
      const c = start();
      const conn = await connection(0);
      conn.send(established());
      conn.close(code);
      await settle();
      expect(c.status).toBe('closed');
      expect(statuses.at(-1)).toMatchObject({ status: 'closed', reason, code });
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(connections).toHaveLength(1);
    }
  });

  it('reconnects at once after a 1012 close (server draining) and resumes from the cursor', async () => {
    const c = start();
    const first = await connection(0);
    first.send(established(), pollCreated(1, 1));
    await settle();
    first.close(1012, 'service restart');
    await settle();
    expect(statuses.at(-1)).toEqual({
      status: 'reconnecting',
      reason: 'service_restart',
      code: 1012,
      attempt: 1,
      delayMs: 0,
    });
    await vi.advanceTimersByTimeAsync(0);
    const second = await connection(1);
    expect(second.url.searchParams.get('lastEventId')).toBe('e1');
    second.send(reconnected());
    await settle();
    expect(c.status).toBe('open');
  });

  it('gives up after maxReconnectAttempts', async () => {
    const c = start({ maxReconnectAttempts: 1, stableAfterMs: 60_000 });
    (await connection(0)).close(1001);
    (await reconnect(1)).close(1001);
    await settle();
    expect(c.status).toBe('closed');
    expect(statuses.at(-1)).toMatchObject({ reason: 'max_reconnect_attempts' });
  });
});

describe('stats()', () => {
  const confirmation = (requestId: string) =>
    unicast(
      'vote:accepted',
      { voteId: uuid(900), pollId: uuid(1), participantId: PARTICIPANT, submittedAt: T, currentVoteCount: 1 },
      { requestId },
    );

  it('starts from zero, and returns a new object on each call', () => {
    const c = start({ autoConnect: false });
    const stats = c.stats();
    expect(stats).toEqual({
      status: 'connecting',
      reconnects: 0,
      resyncs: { server_snapshot: 0, snapshot: 0, none: 0 },
      framesReceived: 0,
      framesSent: 0,
      lastRoundTripMs: undefined,
      votesQueued: 0,
    });
    stats.resyncs.none = 5;
    expect(c.stats()).not.toBe(stats);
    expect(c.stats().resyncs.none).toBe(0);
  });

  it('counts frames both ways, reconnect attempts, queued votes and resyncs by source', async () => {
    const c = start();
    const voteData = { selectedOptionIds: [uuid(101)] };
    const first = await connection(0);
    first.send(established(), unicast('connection:heartbeat', { timestamp: T }));
    first.sendBatch([pollCreated(1, 1), pollActivated(2, 1)]);
    await settle();
    // Three frames in (a batch is one), the heartbeat's answer out.
    expect(c.stats()).toMatchObject({ status: 'open', reconnects: 0, framesReceived: 3, framesSent: 1 });

    first.close(1001);
    await settle();
    const vote = c.submitVote({ pollId: uuid(1), voteData });
    // The attempt waits for the backoff: not started, not counted yet.
    expect(c.stats()).toMatchObject({ status: 'reconnecting', reconnects: 0, votesQueued: 1, framesSent: 1 });

    const second = await reconnect(1);
    second.send(reconnected({ recovered: false, resyncReason: 'cursor_expired', cursor: 'e9' }));
    await settle();
    expect(c.stats()).toMatchObject({
      status: 'open',
      reconnects: 1,
      resyncs: { server_snapshot: 0, snapshot: 0, none: 1 },
      framesReceived: 4,
      framesSent: 2,
      votesQueued: 0,
    });
    second.send(confirmation('req-1'));
    await vote;
    // A vote's answer is no round trip: only heartbeats measure it, and this server did not echo one.
    expect(c.stats()).toMatchObject({ framesReceived: 5, framesSent: 2, votesQueued: 0, lastRoundTripMs: undefined });
  });

  it('measures lastRoundTripMs from the latest heartbeat to its echo, ignoring older echoes; handlers see no echo', async () => {
    const c = start();
    const heartbeats: string[] = [];
    c.on('connection:heartbeat', (_payload, message) => heartbeats.push(message.eventId));
    const conn = await connection(0);
    const serverHeartbeat = () => unicast('connection:heartbeat', { timestamp: T });
    const echo = (requestId: string) => unicast('connection:heartbeat', { timestamp: T }, { requestId });
    conn.send(established(), serverHeartbeat());
    await settle();
    const first = String(Date.parse(T));
    expect(conn.received[0]?.requestId).toBe(first);
    await vi.advanceTimersByTimeAsync(40);
    conn.send(serverHeartbeat());
    await settle();
    const second = String(Date.parse(T) + 40);
    expect(conn.received[1]?.requestId).toBe(second);
    await vi.advanceTimersByTimeAsync(30);
    // The first heartbeat's echo arrives late, after the second heartbeat went: it measures nothing.
    conn.send(echo(first));
    await settle();
    expect(c.stats().lastRoundTripMs).toBeUndefined();
    await vi.advanceTimersByTimeAsync(15);
    conn.send(echo(second));
    await settle();
    expect(c.stats().lastRoundTripMs).toBe(45);
    // Echoes are not answered (no ping-pong) and do not reach the app's handlers; they count as frames received.
    expect(conn.received).toHaveLength(2);
    expect(heartbeats).toHaveLength(2);
    expect(c.stats()).toMatchObject({ framesReceived: 5, framesSent: 2 });
  });
});
