// One cluster node in its own process: the reference server's HTTP API and WebSocket endpoint over the Redis
// backends. Prints its URLs as one JSON line on stdout. Env: REDIS_URL, PREFIX, TOKEN_SECRET, PORT (default 0).
// It wires the parts like `startReferenceServer` does, plus the cross-node `queue` (not an option there yet).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE_CODES } from '@pollwire/contracts';
import { createClient } from 'redis';
import { createApi } from '../../../../../examples/reference-server/src/api.js';
import {
  attachWebSocketServer,
  createHub,
  createSessionService,
  createTokenSigner,
  createVoteHandler,
  type Hub,
} from '../../../src/index.js';
import { createRedisBackends } from '../../../src/redis/index.js';

const client = createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', disableOfflineQueue: true });
client.on('error', () => {});
await client.connect();
let hub: Hub | undefined;
const redis = createRedisBackends({
  client,
  prefix: process.env.PREFIX ?? 'pollwire:',
  fanOut: { onEpochChange: (sessionId) => hub?.closeSession(sessionId, CLOSE_CODES.goingAway, 'replay log reset') },
});
const { log, sessionStore, voteStore, queue } = redis;
let handleVote: ReturnType<typeof createVoteHandler> | undefined;
hub = createHub({ log, onMessage: (context, message) => handleVote?.(context, message) });
handleVote = createVoteHandler({ hub, sessionStore, voteStore, queue });
const service = createSessionService({ hub, sessionStore, voteStore, queue });
const tokens = createTokenSigner({ secret: process.env.TOKEN_SECRET ?? 'dev-secret' });
const server = createServer(createApi({ service, tokens }));
const attachment = attachWebSocketServer({
  hub,
  server,
  authenticate: async (_request, url) => {
    const token = url.searchParams.get('token');
    const verified = token ? tokens.verify(token) : undefined;
    if (!verified?.ok) return undefined;
    const { claims } = verified;
    if (claims.role === 'participant') {
      if (claims.participantId === undefined) return undefined;
      if (!(await sessionStore.getParticipant(claims.sessionId, claims.participantId))) return undefined;
    }
    return claims;
  },
  sessionExists: async (sessionId) => (await sessionStore.getSession(sessionId)) !== undefined,
});
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
process.stdout.write(
  `${JSON.stringify({ httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws`, port })}\n`,
);

process.once('SIGTERM', () => {
  void (async () => {
    attachment.close();
    await hub?.close();
    await redis.close();
    server.closeAllConnections();
    server.close();
    await client.close();
    process.exit(0);
  })();
});
