import { EVENT_NAMES, isReplayable, type RoomEventName, roomAudience } from '@pollwire/contracts';
import { requireRedis } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPollwireClient, type PollwireClient } from '../../../../client/src/index.js';
import { type Cluster, startCluster } from './cluster-env.js';
import { api } from './http.js';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.js';

const redisAvailable = await requireRedis();

const ROOM_EVENTS = EVENT_NAMES.filter(isReplayable) as RoomEventName[];

interface Observed {
  client: PollwireClient;
  /** Handler calls per eventId. */
  calls: Map<string, number>;
  seqs: number[];
  /** Seqs of the presenters-only events this client handled. */
  presentersOnly: Set<number>;
  statuses: string[];
  resyncs: number;
}

function observe(client: PollwireClient): Observed {
  const observed: Observed = {
    client,
    calls: new Map(),
    seqs: [],
    presentersOnly: new Set(),
    statuses: [],
    resyncs: 0,
  };
  for (const name of ROOM_EVENTS) {
    const handler = (_payload: unknown, message: { eventId: string; seq?: number | undefined }) => {
      observed.calls.set(message.eventId, (observed.calls.get(message.eventId) ?? 0) + 1);
      if (message.seq !== undefined) observed.seqs.push(message.seq);
      if (message.seq !== undefined && roomAudience(name) === 'presenters') observed.presentersOnly.add(message.seq);
    };
    client.on(name, handler as never);
  }
  client.on('status', (change) => observed.statuses.push(change.status));
  client.on('resync', () => observed.resyncs++);
  return observed;
}

async function until(check: () => boolean, label: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const portOf = (httpUrl: string) => Number(new URL(httpUrl).port);

describe.skipIf(!redisAvailable)('failover between two reference-server processes', () => {
  let cluster: Cluster;
  let balancer: TcpBalancer;
  const clients: PollwireClient[] = [];
  beforeAll(async () => {
    cluster = await startCluster('failover');
    balancer = await startTcpBalancer(cluster.nodes.map((n) => ({ host: '127.0.0.1', port: portOf(n.httpUrl) })));
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await balancer?.close();
    await cluster?.close();
  }, 60_000);

  it('moves the clients of a killed node to the other one with 0 events lost or handled twice', async () => {
    const [doomed, survivor] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const backoff = { minDelayMs: 50, maxDelayMs: 400 };
    const { sessionId, slug, presenterToken } = await api<{ sessionId: string; slug: string; presenterToken: string }>(
      survivor.httpUrl,
      '/api/sessions',
      { title: 'Failover' },
    );
    await api(survivor.httpUrl, `/api/sessions/${sessionId}/start`, {}, presenterToken);

    // The never-disconnected reference: on the surviving node directly.
    // `history`: every client gets the log from seq 1, so each can be checked for every event, once.
    const reference = observe(
      createPollwireClient({ url: survivor.wsUrl, token: presenterToken, WebSocket, backoff, history: true }),
    );
    clients.push(reference.client);
    const participants: Observed[] = [];
    for (let i = 0; i < 6; i++) {
      const joined = await api<{ participantId: string; token: string }>(
        survivor.httpUrl,
        `/api/sessions/${slug}/join`,
        { displayName: `P${i}` },
      );
      // Through the balancer: round-robin puts half of them on the node that will die.
      const client = createPollwireClient({
        url: `ws://${balancer.host}/ws`,
        token: joined.token,
        participantId: joined.participantId,
        WebSocket,
        backoff,
        history: true,
      });
      clients.push(client);
      participants.push(observe(client));
    }
    const everyone = [reference, ...participants];
    await until(() => everyone.every((o) => o.client.status === 'open'), 'all connected');

    let votesDuringKill: Promise<unknown> | undefined;
    for (let k = 0; k < 6; k++) {
      const poll = await api<{ pollId: string; options: { optionId: string }[] }>(
        survivor.httpUrl,
        `/api/sessions/${sessionId}/polls`,
        { question: `Q${k}`, pollType: 'multiple_choice', options: ['a', 'b', 'c'] },
        presenterToken,
      );
      await api(survivor.httpUrl, `/api/sessions/${sessionId}/polls/${poll.pollId}/activate`, {}, presenterToken);
      await until(() => participants.every((o) => o.client.state.getSnapshot().activePollId === poll.pollId), 'poll');
      const votes = Promise.all(
        participants.map((o, i) =>
          o.client.submitVote({
            pollId: poll.pollId,
            voteData: { selectedOptionIds: [poll.options[i % 3]!.optionId] },
          }),
        ),
      );
      if (k === 2) {
        // Mid-stream: the process exits while votes are in flight.
        votesDuringKill = votes;
        await doomed.kill();
      }
      await votes;
    }
    await votesDuringKill;
    await api(survivor.httpUrl, `/api/sessions/${sessionId}/end`, {}, presenterToken);
    await until(
      () => everyone.every((o) => o.client.state.getSnapshot().session.status === 'ended'),
      'session ended everywhere',
    );

    // Participants see the participant count at a bounded rate: the latest arrives within an interval.
    const roomOf = (o: Observed) => {
      const { myVotes: _mine, ...state } = o.client.state.getSnapshot();
      return JSON.stringify(state);
    };
    await until(
      () => everyone.every((o) => roomOf(o) === roomOf(reference)),
      'participant counts settled',
      5_000,
    ).catch(() => undefined);
    const total = Math.max(...reference.seqs);
    const moved = participants.filter((o) => o.statuses.includes('reconnecting'));
    expect(moved.length).toBeGreaterThanOrEqual(2);
    const all = Array.from({ length: total }, (_, i) => i + 1);
    for (const o of everyone) {
      // Every room event due handled exactly once, in seq order, none missing (attendance is for presenters only).
      const due = o === reference ? all : all.filter((seq) => !reference.presentersOnly.has(seq));
      expect(o.seqs).toEqual(due);
      expect([...o.calls.values()].every((n) => n === 1)).toBe(true);
      expect(o.resyncs).toBe(0);
      const { myVotes: _mine, ...state } = o.client.state.getSnapshot();
      const { myVotes: _ref, ...expected } = reference.client.state.getSnapshot();
      expect(state).toEqual(expected);
    }
    const polls = Object.values(reference.client.state.getSnapshot().polls);
    expect(polls).toHaveLength(6);
    for (const poll of polls) expect(poll.results.currentVoteCount).toBe(6);
    for (const o of participants) expect(Object.keys(o.client.state.getSnapshot().myVotes)).toHaveLength(6);
  });
});
