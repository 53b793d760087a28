import { randomBytes } from 'node:crypto';
import type { ServerMessage } from '@pollwire/contracts';
import { createRedisKeys, createRedisPresence } from '@pollwire/server-kit/redis';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis, type TestRedisClient } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisServerBackends, type RedisServerBackends } from '../src/redis-backends.js';
import { type ReferenceServer, startReferenceServer } from '../src/server.js';
import { api, connect, type TestClient } from './harness.js';

const redisAvailable = await requireRedis({ suite: "the reference server's Redis tests" });

interface Node {
  client: TestRedisClient;
  backends: RedisServerBackends;
  server: ReferenceServer;
}

const attendance = (client: TestClient) =>
  client.messages
    .filter((m) => m.event === 'participant:joined' || m.event === 'participant:disconnected')
    .map((m) => [m.event, (m.payload as { participantId: string }).participantId, m.payload.participantCount] as const);

describe.skipIf(!redisAvailable)('participant presence across two nodes on one Redis', () => {
  const prefix = redisTestPrefix('ref-presence');
  const tokenSecret = randomBytes(32).toString('base64url');
  const errors: unknown[] = [];
  const nodes: Node[] = [];
  const clients: TestClient[] = [];

  const startNode = async (): Promise<Node> => {
    const client = await connectRedis();
    const backends = await createRedisServerBackends({
      client,
      prefix,
      tokenSecret,
      onError: (error) => errors.push(error),
    });
    const server = await startReferenceServer({ port: 0, ...backends.options });
    await backends.attach(server.hub);
    const node = { client, backends, server };
    nodes.push(node);
    return node;
  };
  const open = async (url: string) => {
    const client = await connect(url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    await startNode();
    await startNode();
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const node of nodes) {
      await node.server.close();
      await node.backends.close();
    }
    const cleaner = nodes[0]?.client;
    if (cleaner) await deleteKeys(cleaner, prefix);
    await Promise.all(nodes.map((node) => node.client.close()));
  }, 30_000);

  it('counts distinct participants over both nodes and announces a departure only when the last connection closes', async () => {
    const [a, b] = nodes as [Node, Node];
    const created = await api<{ sessionId: string; slug: string; presenterToken: string }>(
      a.server,
      'POST',
      '/api/sessions',
      { body: { title: 'Presence' } },
    );
    const { sessionId, slug, presenterToken } = created.body;
    const ws = (node: Node, token: string) => `${node.server.wsUrl}?token=${encodeURIComponent(token)}`;
    const join = async (node: Node, displayName: string) =>
      (
        await api<{ participantId: string; token: string }>(node.server, 'POST', `/api/sessions/${slug}/join`, {
          body: { displayName },
        })
      ).body;

    const presenter = await open(ws(a, presenterToken));
    const ann = await join(a, 'Ann');
    const bo = await join(b, 'Bo');
    const annOnA = await open(ws(a, ann.token));
    await presenter.next((m) => m.event === 'participant:joined' && m.payload.participantId === ann.participantId);
    await open(ws(b, bo.token));
    await presenter.next((m) => m.event === 'participant:joined' && m.payload.participantId === bo.participantId);

    const started = await api(b.server, 'POST', `/api/sessions/${sessionId}/start`, { token: presenterToken });
    expect(started).toMatchObject({ status: 200, body: { participantCount: 2 } });
    expect(b.server.hub.participantCount(sessionId)).toBe(1);

    // Ann opens a second connection on node B, then closes the one on node A: still connected, no departure.
    const annOnB = await open(ws(b, ann.token));
    const state = await annOnB.next((m) => m.event === 'session:synchronized');
    expect(state.payload).toMatchObject({ status: 'active', participantCount: 2 });
    // Node B counts the new connection in Redis after it goes live: close the old one only once both are counted,
    // or the old one's close is (correctly) a departure and the new one a second arrival.
    const connectionsOfAnn = () => b.client.hGet(createRedisKeys(prefix).presence(sessionId), ann.participantId);
    await expect.poll(connectionsOfAnn, { timeout: 5_000 }).toBe('2');
    await annOnA.close();
    await expect.poll(() => a.server.hub.participantCount(sessionId), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => b.backends.redis.presence.participantCount(sessionId), { timeout: 5_000 }).toBe(2);

    await annOnB.close();
    const left = await presenter.next(
      (m) => m.event === 'participant:disconnected' && m.payload.participantId === ann.participantId,
    );
    expect(left.payload).toMatchObject({ participantCount: 1 });
    expect(attendance(presenter)).toEqual([
      ['participant:joined', ann.participantId, 1],
      ['participant:joined', bo.participantId, 2],
      ['participant:disconnected', ann.participantId, 1],
    ]);

    const ended = await api(a.server, 'POST', `/api/sessions/${sessionId}/end`, { token: presenterToken });
    expect(ended).toMatchObject({ status: 200, body: { finalParticipantCount: 1 } });
    expect(errors).toEqual([]);
  }, 30_000);

  it('announces the participants of a node whose lease ran out as disconnected, once, and recounts for participants', async () => {
    const [a, b] = nodes as [Node, Node];
    const created = await api<{ sessionId: string; slug: string; presenterToken: string }>(
      b.server,
      'POST',
      '/api/sessions',
      { body: { title: 'Dead node' } },
    );
    const { sessionId, slug, presenterToken } = created.body;
    const cy = (await api<{ participantId: string }>(a.server, 'POST', `/api/sessions/${slug}/join`, { body: {} }))
      .body;
    const presenter = await open(`${b.server.wsUrl}?token=${encodeURIComponent(presenterToken)}`);
    await presenter.next((m) => m.event === 'connection:established');

    // A third node that counted Cy, then died: its 1 ms lease is already over when the live nodes sweep.
    const dead = createRedisPresence({ client: a.client, prefix, nodeId: 'dead-node', leaseMs: 1 });
    await dead.heartbeat();
    await dead.connect(sessionId, cy.participantId);
    // Dee, on a live node, learns the count only through `participant:counted`.
    const dee = (
      await api<{ token: string }>(b.server, 'POST', `/api/sessions/${slug}/join`, { body: { displayName: 'Dee' } })
    ).body;
    const deeSocket = await open(`${b.server.wsUrl}?token=${encodeURIComponent(dee.token)}`);
    await presenter.next((m) => m.event === 'participant:joined' && m.payload.participantCount === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const swept = [...(await a.backends.redis.presence.sweep()), ...(await b.backends.redis.presence.sweep())];
    expect(swept).toEqual([{ sessionId, participantId: cy.participantId, participantCount: 1 }]);

    const left: ServerMessage = await presenter.next((m) => m.event === 'participant:disconnected');
    expect(left.payload).toMatchObject({ participantId: cy.participantId, participantCount: 1 });
    const counted = await deeSocket.next((m) => m.event === 'participant:counted' && m.payload.participantCount === 1);
    expect(counted.payload).toMatchObject({ sessionId, participantCount: 1 });
    expect(deeSocket.messages.some((m) => m.event === 'participant:disconnected')).toBe(false);
    expect(errors).toEqual([]);
  }, 30_000);
});
