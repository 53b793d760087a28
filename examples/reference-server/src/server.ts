import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  attachWebSocketServer,
  type CheckpointStore,
  type Clock,
  createMemoryReplayLog,
  createPollwire,
  createTokenSigner,
  type Hub,
  type HubPresence,
  type KeyedQueue,
  type Pollwire,
  type RateLimitOptions,
  type ReplayLog,
  type ResultsIntervalOptions,
  type ResultsStateStore,
  type SessionStore,
  type TokenSigner,
  type VoteStore,
} from '@pollwire/server-kit';
import { createApi } from './api.js';
import { createStaticHandler } from './static.js';

export interface ReferenceServerOptions {
  /** `0` picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 30_000 */
  heartbeatIntervalMs?: number;
  /** HMAC secret of the bearer tokens. @default 32 random bytes (tokens die with the process) */
  tokenSecret?: string;
  /** @default 43_200_000 (12 h) */
  tokenTtlMs?: number;
  /** Origins allowed to open the WebSocket (others get 403). @default every origin */
  allowedOrigins?: readonly string[];
  /** @default systemClock */
  clock?: Clock;
  /** Replay log. @default createMemoryReplayLog({ windowMs: replayWindowMs, maxEventsPerSession }) */
  log?: ReplayLog;
  /** @default 86_400_000 (24 h) */
  replayWindowMs?: number;
  /** @default 10_000 */
  maxEventsPerSession?: number;
  /**
   * A resume that missed more events gets the session's state instead of a replay.
   * @default 1000
   */
  replayLimit?: number;
  /** Where sessions' states are checkpointed (Redis for a cluster). @default createMemoryCheckpointStore() */
  checkpoints?: CheckpointStore;
  /** @default 1000 */
  checkpointEvery?: number;
  /** Participants' `participant:counted` at most this often per session. @default 1000 */
  participantCountIntervalMs?: number;
  /** Results broadcast interval per poll (ms, or the room-size formula's options). @default the formula */
  resultsIntervalMs?: number | ResultsIntervalOptions;
  /** Held-back results (Redis for a cluster). @default createMemoryResultsStateStore() */
  resultsState?: ResultsStateStore;
  /** @default createMemorySessionStore() */
  sessionStore?: SessionStore;
  /** @default createMemoryVoteStore() */
  voteStore?: VoteStore;
  /** Per-session serialization (e.g. a cluster-wide queue). @default createKeyedQueue() */
  queue?: KeyedQueue;
  /** Participant presence across nodes (e.g. Redis). @default participants connected to this node */
  presence?: HubPresence;
  /** Per-connection rate limit. @default DEFAULT_RATE_LIMIT */
  rateLimit?: RateLimitOptions;
  /** Slow-consumer cap. @default 1_048_576 */
  maxBufferedBytes?: number;
  /** Serves GET requests outside `/api` and `/ws` from this directory (`/` is `index.html`). @default none */
  staticDir?: string;
}

export interface ReferenceServer {
  /** e.g. `http://127.0.0.1:41234` */
  httpUrl: string;
  /** e.g. `ws://127.0.0.1:41234/ws` (append `?token=…`) */
  wsUrl: string;
  hub: Hub;
  pollwire: Pollwire;
  tokens: TokenSigner;
  close(): Promise<void>;
}

/**
 * Starts the reference server: the HTTP API of `src/api.ts` and the WebSocket endpoint `/ws`, in memory unless
 * given other backends (see `createRedisServerBackends` for a cluster on Redis).
 *
 * @example
 * const server = await startReferenceServer({ port: 0 });
 * const res = await fetch(`${server.httpUrl}/api/sessions`, { method: 'POST', body: JSON.stringify({ title: 'Demo' }) });
 * await server.close();
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const clock = options.clock;
  const ownsLog = options.log === undefined;
  const log =
    options.log ??
    createMemoryReplayLog({
      ...(clock ? { clock } : {}),
      ...(options.replayWindowMs === undefined ? {} : { windowMs: options.replayWindowMs }),
      ...(options.maxEventsPerSession === undefined ? {} : { maxEventsPerSession: options.maxEventsPerSession }),
    });
  const pollwire = createPollwire({
    log,
    ...(options.sessionStore ? { sessionStore: options.sessionStore } : {}),
    ...(options.voteStore ? { voteStore: options.voteStore } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
    ...(options.presence ? { presence: options.presence } : {}),
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    ...(options.replayLimit === undefined ? {} : { replayLimit: options.replayLimit }),
    ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }),
    ...(options.participantCountIntervalMs === undefined
      ? {}
      : { participantCountIntervalMs: options.participantCountIntervalMs }),
    ...(options.resultsIntervalMs === undefined ? {} : { resultsIntervalMs: options.resultsIntervalMs }),
    ...(options.resultsState ? { resultsState: options.resultsState } : {}),
    ...(clock ? { clock } : {}),
    ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
  });
  const tokens = createTokenSigner({
    secret: options.tokenSecret ?? randomBytes(32).toString('base64url'),
    ...(clock ? { clock } : {}),
    ...(options.tokenTtlMs === undefined ? {} : { ttlMs: options.tokenTtlMs }),
  });
  const { service, sessionStore } = pollwire;
  const api = createApi({ service, tokens });
  const serveStatic = options.staticDir === undefined ? undefined : createStaticHandler(options.staticDir);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const isApi = path === '/api' || path.startsWith('/api/') || path === '/ws';
    if (serveStatic && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      void serveStatic(request, response);
    } else void api(request, response);
  });
  const attachment = attachWebSocketServer({
    hub: pollwire.hub,
    server,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    httpUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/ws`,
    hub: pollwire.hub,
    pollwire,
    tokens,
    async close() {
      attachment.close();
      await pollwire.close();
      if (ownsLog) await log.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
