import { randomBytes } from 'node:crypto';
import { attachWebSocketServer, buildVoteAcceptedBroadcast, createPollwire } from '@pollwire/server-kit';
import { createRedisBackends } from '@pollwire/server-kit/redis';
import { createClient } from 'redis';
import { openingEvents } from '../../fixtures/poll.js';
import { BENCH_SESSION_ID, voteAcceptedPayload } from '../../fixtures/vote-accepted.js';
import { closeServer, listenLoopback } from '../listen.js';
import type { CreateServerStack } from '../stack.js';

/** Redis the `pollwire+redis` stack runs on. */
export const BENCH_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Nodes of the cluster. */
export const REDIS_NODES = 2;

/**
 * Two `@pollwire/server-kit` nodes on one Redis (a unique key prefix per run, deleted on close), in this process:
 * each node has its own Redis client, its own blocking fan-out connection and its own hub. One port takes every
 * upgrade and hands them to the nodes in turn (an in-process load balancer that copies no bytes), so the clients of
 * the room are split evenly. Broadcasts alternate between the nodes: each is appended to the session's Redis
 * Stream (which assigns `seq`), and every node reads it back with `XREAD BLOCK` before sending it to its sockets.
 * Connections are presenters and the poll is open before they connect, as in the `pollwire` stack. The server
 * figures (CPU, RSS) cover both nodes.
 */
export const createPollwireRedisStack: CreateServerStack = async () => {
  const prefix = `pwbench:${randomBytes(4).toString('hex')}:`;
  const nodes = await Promise.all(
    Array.from({ length: REDIS_NODES }, async () => {
      const client = createClient({ url: BENCH_REDIS_URL, disableOfflineQueue: true });
      client.on('error', (error: Error) => process.stderr.write(`pollwire+redis: ${error.message}\n`));
      await client.connect();
      const redis = createRedisBackends({ client, prefix });
      const { log, sessionStore, voteStore, queue } = redis;
      const pollwire = createPollwire({ log, sessionStore, voteStore, queue });
      const attachment = attachWebSocketServer({
        hub: pollwire.hub,
        authenticate: (_request, url) =>
          url.searchParams.has('token') ? { sessionId: BENCH_SESSION_ID, role: 'presenter' } : undefined,
      });
      return { client, redis, pollwire, attachment };
    }),
  );
  const node = (i: number) => nodes[i % nodes.length]!;
  const { server, port } = await listenLoopback();
  let upgrades = 0;
  server.on('upgrade', (request, socket, head) => {
    node(upgrades++)
      .attachment.handleUpgrade(request, socket, head)
      .then((handled) => {
        if (!handled) socket.destroy();
      })
      .catch(() => socket.destroy());
  });
  for (const { event, payload } of openingEvents())
    await node(0).pollwire.hub.broadcast(BENCH_SESSION_ID, event, payload);
  let votes = 0;

  return {
    port,
    connections: () => nodes.reduce((sum, n) => sum + n.pollwire.hub.connectionCount(BENCH_SESSION_ID), 0),
    nextSeq: async () => (await node(0).pollwire.hub.log.head(BENCH_SESSION_ID)).lastSeq + 1,
    async broadcast() {
      votes++;
      const payload = buildVoteAcceptedBroadcast(voteAcceptedPayload(votes, new Date().toISOString()));
      return (await node(votes).pollwire.hub.broadcast(BENCH_SESSION_ID, 'vote:accepted', payload)).seq;
    },
    async close() {
      for (const n of nodes) {
        n.attachment.close();
        await n.pollwire.close();
        await n.redis.close();
      }
      const cleaner = node(0).client;
      for await (const keys of cleaner.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
        if (keys.length > 0) await cleaner.del(keys);
      }
      await Promise.all(nodes.map((n) => n.client.close()));
      await closeServer(server);
    },
  };
};
