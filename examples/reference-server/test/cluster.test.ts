import { fileURLToPath } from 'node:url';
import { type EventName, roomAudience, type ServerMessage } from '@pollwire/contracts';
import {
  connectRedis,
  deleteKeys,
  REDIS_URL,
  redisTestPrefix,
  requireRedis,
  type ServerProcess,
  readReferenceServerUrls,
  spawnServerProcess,
} from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, type TestClient, voteFrame } from './harness.js';

const redisAvailable = await requireRedis({ suite: "the reference server's Redis tests" });

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Starts `src/main.ts` as `pnpm serve` does; it announces `http://127.0.0.1:<port>` once it listens. */
const startMain = (env: Record<string, string>) =>
  spawnServerProcess({
    script: fileURLToPath(new URL('../src/main.ts', import.meta.url)),
    cwd: ROOT,
    env,
    readUrls: readReferenceServerUrls,
  });

const roomView = (client: TestClient) =>
  client.messages
    .filter((m) => m.seq !== undefined)
    .map((m) => ({ event: m.event, eventId: m.eventId, seq: m.seq, payload: m.payload }));

describe.skipIf(!redisAvailable)('two `src/main.ts` processes on one REDIS_URL form a cluster', () => {
  const prefix = redisTestPrefix('ref-cluster');
  const nodes: ServerProcess[] = [];
  const clients: TestClient[] = [];
  const open = async (url: string) => {
    const client = await connect(url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    // No TOKEN_SECRET: the nodes must agree on the one they share through Redis.
    const env = { REDIS_URL, REDIS_PREFIX: prefix, PORT: '0', TOKEN_SECRET: '' };
    nodes.push(...(await Promise.all([startMain(env), startMain(env)])));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(nodes.map((n) => n.stop()));
    const redis = await connectRedis();
    await deleteKeys(redis, prefix);
    await redis.close();
  }, 60_000);

  it('lets any node serve any HTTP or WebSocket request, with the same events and seqs everywhere', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    expect(a.output()).toContain(`Redis cluster node`);
    expect(a.output()).toContain(`prefix '${prefix}'`);

    const created = await api<{ sessionId: string; slug: string; presenterToken: string }>(a, 'POST', '/api/sessions', {
      body: { title: 'Cluster' },
    });
    expect(created.status).toBe(201);
    const { sessionId, slug, presenterToken } = created.body;
    // history=1: every socket gets the log from seq 1, so all views can be compared whole.
    const ws = (node: ServerProcess, token: string) => `${node.wsUrl}?token=${encodeURIComponent(token)}&history=1`;
    const presenter = (path: string, node: ServerProcess, body?: unknown) =>
      api<Record<string, unknown>>(node, 'POST', `/api/sessions/${sessionId}${path}`, { token: presenterToken, body });
    const join = async (node: ServerProcess, displayName: string) => {
      const joined = await api<{ participantId: string; token: string }>(node, 'POST', `/api/sessions/${slug}/join`, {
        body: { displayName },
      });
      expect(joined.status).toBe(201);
      return joined.body;
    };

    // A token issued by node A verifies on node B, and the session made on A exists on B.
    const presenterOnB = await open(ws(b, presenterToken));
    const presenterOnA = await open(ws(a, presenterToken));
    const ann = await join(b, 'Ann');
    const bo = await join(a, 'Bo');
    const annOnB = await open(ws(b, ann.token));
    const boOnA = await open(ws(a, bo.token));
    for (const [client, who] of [
      [annOnB, ann],
      [boOnA, bo],
    ] as const) {
      await presenterOnA.next((m) => m.event === 'participant:joined' && m.payload.participantId === who.participantId);
      await client.next((m) => m.event === 'connection:established');
    }

    expect(await presenter('/start', b)).toMatchObject({ status: 200, body: { participantCount: 2 } });
    const poll = await presenter('/polls', a, {
      question: 'Tea?',
      pollType: 'multiple_choice',
      options: ['Yes', 'No'],
    });
    expect(poll.status).toBe(201);
    const pollId = poll.body.pollId as string;
    const optionIds = (poll.body.options as { optionId: string }[]).map((o) => o.optionId);
    expect((await presenter(`/polls/${pollId}/activate`, b)).status).toBe(200);
    await annOnB.next((m) => m.event === 'poll:activated');
    await boOnA.next((m) => m.event === 'poll:activated');

    annOnB.send(voteFrame(ann.participantId, pollId, { selectedOptionIds: [optionIds[0]] }, 'ann-1'));
    boOnA.send(voteFrame(bo.participantId, pollId, { selectedOptionIds: [optionIds[1]] }, 'bo-1'));
    const isReply = (requestId: string) => (m: ServerMessage) => m.requestId === requestId && m.seq === undefined;
    expect((await annOnB.next(isReply('ann-1'))).event).toBe('vote:accepted');
    expect((await boOnA.next(isReply('bo-1'))).event).toBe('vote:accepted');
    // Ann's second vote, through the other node, is a duplicate.
    const annOnA = await open(ws(a, ann.token));
    annOnA.send(voteFrame(ann.participantId, pollId, { selectedOptionIds: [optionIds[1]] }, 'ann-2'));
    const duplicate = await annOnA.next(isReply('ann-2'));
    expect(duplicate).toMatchObject({ event: 'vote:rejected', payload: { reason: 'duplicate_vote' } });

    expect(await presenter(`/polls/${pollId}/close`, a)).toMatchObject({ body: { finalVoteCount: 2 } });
    expect(await presenter('/end', b)).toMatchObject({ status: 200, body: { status: 'ended' } });

    const everyone = [presenterOnA, presenterOnB, annOnB, boOnA, annOnA];
    for (const client of everyone) await client.next((m) => m.event === 'session:ended', 0, 10_000);
    const reference = roomView(presenterOnA);
    expect(reference.map((m) => m.seq)).toEqual(reference.map((_, i) => i + 1));
    // participant:counted follows attendance at a bounded rate: how many depends on timing.
    expect(reference.map((m) => m.event).filter((event) => event !== 'participant:counted')).toEqual([
      'session:created',
      'participant:joined',
      'participant:joined',
      'session:started',
      'poll:created',
      'poll:activated',
      'vote:accepted',
      'vote:accepted',
      'poll:closed',
      'session:ended',
    ]);
    // Participants get every event but attendance, which is for presenters only.
    const forEveryone = reference.filter((m) => roomAudience(m.event as EventName) === 'everyone');
    for (const client of everyone) {
      expect(roomView(client)).toEqual(client === presenterOnA || client === presenterOnB ? reference : forEveryone);
    }
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    const codes = await Promise.all(nodes.map((n) => n.stop()));
    expect(codes).toEqual([0, 0]);
    for (const node of nodes) expect(node.output()).toContain('SIGTERM: shutting down');
  }, 30_000);
});
