import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { MeterProvider } from '@opentelemetry/api';
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
  type PollwireLogger,
  type RateLimitOptions,
  type ReplayLog,
  type ResultsIntervalOptions,
  type ResultsStateStore,
  type SessionStore,
  type TokenSigner,
  type VoteStore,
} from '@pollwire/server-kit';
import { createApi } from './api.js';
import { type DrainOptions, drainServer, trackBusySockets } from './drain.js';
import { refuseUpgrade } from './http-io.js';
import { createHealthEndpoints, HEALTH_PATH, READY_PATH, type ReadinessCheck, type ReadinessStatus } from './health.js';
import { createPrometheusMetrics, METRICS_PATH, type PrometheusMetrics } from './metrics.js';
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
  /**
   * `GET /metrics` in the Prometheus text format. `true`: a `MeterProvider` with a Prometheus exporter made for this
   * server (shut down by `close()`), unless `meterProvider` is given; a {@link PrometheusMetrics} of yours
   * (`createPrometheusMetrics()`, to share with `createRedisServerBackends`): served, and it stays yours; `false`:
   * no `/metrics` (404).
   * @default true
   */
  metrics?: boolean | PrometheusMetrics;
  /**
   * Where Pollwire's OpenTelemetry instruments go, when you export them yourself: then `/metrics` is not served
   * (unless `metrics` is a `PrometheusMetrics`).
   * @default the provider of `metrics`, else the global one of `@opentelemetry/api` (a no-op without an SDK)
   */
  meterProvider?: MeterProvider;
  /** Structured events (connection refusals, resyncs, slow consumers, store errors); pino fits. @default none */
  logger?: PollwireLogger;
  /**
   * Dependencies `/readyz` checks, by name: a failing one answers `503 {"status":"<name>_unavailable"}`
   * (`createRedisServerBackends` gives `{ redis }`: a `PING` within 500 ms).
   * @default none (ready unless draining)
   */
  readinessChecks?: Readonly<Record<string, ReadinessCheck>>;
}

export interface ReferenceServer {
  /** e.g. `http://127.0.0.1:41234` */
  httpUrl: string;
  /** e.g. `ws://127.0.0.1:41234/ws` (append `?token=…`) */
  wsUrl: string;
  /** e.g. `http://127.0.0.1:41234/metrics`; `undefined` when this server serves no metrics. */
  metricsUrl: string | undefined;
  /** `/healthz`: `200 {"status":"ok"}` while the process serves. */
  healthUrl: string;
  /** `/readyz`: `200 {"status":"ready"}`, or `503` with `draining` / `<check>_unavailable`. */
  readyUrl: string;
  hub: Hub;
  pollwire: Pollwire;
  tokens: TokenSigner;
  /** Whether {@link ReferenceServer.drain} was called (`/readyz` fails). */
  readonly draining: boolean;
  /** What `/readyz` would answer now. */
  readiness(): Promise<ReadinessStatus>;
  /**
   * Lets every client go, then closes (a rolling restart behind a load balancer): `/readyz` answers 503 at once;
   * after `delayMs` (upgrades still accepted) new upgrades are refused with 503 and the open sockets are closed with
   * 1012 (`serviceRestart`: clients reconnect at once, through the load balancer to another node, and resume) spread
   * over `spreadMs`; then it waits for the sockets and HTTP requests in flight to end, at most `timeoutMs`, and
   * closes. Calling it again returns the same promise.
   */
  drain(options?: DrainOptions): Promise<void>;
  /** Closes at once: sockets get 1001, the metrics this server made are shut down. Idempotent. */
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
  const prometheus =
    typeof options.metrics === 'object'
      ? options.metrics
      : options.metrics !== false && options.meterProvider === undefined
        ? createPrometheusMetrics()
        : undefined;
  const ownedMetrics = prometheus === options.metrics ? undefined : prometheus;
  const meterProvider = options.meterProvider ?? prometheus?.meterProvider;
  const pollwire = createPollwire({
    log,
    ...(meterProvider ? { meterProvider } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
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
  let draining = false;
  const health = createHealthEndpoints({
    draining: () => draining || pollwire.hub.draining,
    ...(options.readinessChecks ? { checks: options.readinessChecks } : {}),
  });
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    // A draining node asks HTTP clients (and the load balancer's keep-alive pool) to come back on a new connection.
    if (draining) response.setHeader('connection', 'close');
    if (health.handle(request, response, path)) return;
    if (prometheus && path === METRICS_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      prometheus.handle(request, response);
      return;
    }
    const isApi = path === '/api' || path.startsWith('/api/') || path === '/ws';
    if (serveStatic && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      void serveStatic(request, response);
    } else void api(request, response);
  });
  const sockets = trackBusySockets(server);
  // The upgrades are handed over here rather than by `attachWebSocketServer({ server })`, so a drain can count them.
  const attachment = attachWebSocketServer({
    hub: pollwire.hub,
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
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.upgrading(socket);
    void attachment.handleUpgrade(request, socket, head).then((handled) => {
      if (!handled) refuseUpgrade(socket, 404, 'not_found');
    });
  };
  server.on('upgrade', onUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const httpUrl = `http://${host}:${port}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      server.off('upgrade', onUpgrade);
      attachment.close();
      await pollwire.close();
      if (ownsLog) await log.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ownedMetrics?.shutdown();
    })();
    return closed;
  };
  let drained: Promise<void> | undefined;

  return {
    httpUrl,
    wsUrl: `ws://${host}:${port}/ws`,
    metricsUrl: prometheus ? `${httpUrl}${METRICS_PATH}` : undefined,
    healthUrl: `${httpUrl}${HEALTH_PATH}`,
    readyUrl: `${httpUrl}${READY_PATH}`,
    hub: pollwire.hub,
    pollwire,
    tokens,
    get draining() {
      return draining;
    },
    readiness: health.readiness,
    drain(drainOptions) {
      const markDraining = () => {
        draining = true;
      };
      drained ??= drainServer({ markDraining, hub: pollwire.hub, sockets, close }, drainOptions);
      return drained;
    },
    close,
  };
}
