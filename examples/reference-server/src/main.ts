// Starts one reference-server node. Env: PORT (8080; 0 picks a free one), HOST, STATIC_DIR, TOKEN_SECRET, LOG_LEVEL
// (info, warn, error, silent: JSON lines on stdout), and REDIS_URL (+ REDIS_PREFIX, default 'pollwire:') to keep
// everything in Redis: nodes sharing the Redis and the prefix form a cluster in which any node serves any request.
// Serves /metrics (Prometheus), /healthz and /readyz. SIGTERM drains (DRAIN_DELAY_MS, default 0: /readyz fails that
// long first; DRAIN_SPREAD_MS, default 1000: the 1012 closes are spread over it; DRAIN_TIMEOUT_MS, default 10000: the
// wait for the sockets to go), then exits 0; SIGINT drains with no delay and no spread; a second signal exits at once.
import { createClient } from 'redis';
import { DRAIN_DEFAULTS, type DrainOptions } from './drain.js';
import { createJsonLogger, parseLogLevel } from './json-logger.js';
import { createPrometheusMetrics } from './metrics.js';
import { createRedisServerBackends } from './redis-backends.js';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from './server.js';

/** A non-negative integer of milliseconds from the environment, or `fallback` when unset. */
const msFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of ms, not '${raw}'`);
  return value;
};

const drainOnTerm: Required<DrainOptions> = {
  delayMs: msFromEnv('DRAIN_DELAY_MS', DRAIN_DEFAULTS.delayMs),
  spreadMs: msFromEnv('DRAIN_SPREAD_MS', DRAIN_DEFAULTS.spreadMs),
  timeoutMs: msFromEnv('DRAIN_TIMEOUT_MS', DRAIN_DEFAULTS.timeoutMs),
};
/** Ctrl-C at a terminal: nobody's load balancer to wait for. */
const drainOnInt: Required<DrainOptions> = { ...drainOnTerm, delayMs: 0, spreadMs: 0 };

const base: ReferenceServerOptions = {
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '127.0.0.1',
  logger: createJsonLogger({ level: parseLogLevel(process.env.LOG_LEVEL) }),
  ...(process.env.STATIC_DIR ? { staticDir: process.env.STATIC_DIR } : {}),
  ...(process.env.TOKEN_SECRET ? { tokenSecret: process.env.TOKEN_SECRET } : {}),
};

/** The URL without its password, for logs. */
const redacted = (url: string) => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
};

/** Logs an error once per distinct message in a row (node-redis repeats it on every reconnect attempt). */
const errorLogger = (label: string) => {
  let last = '';
  return (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== last) console.error(`[${label}] ${message}`);
    last = message;
  };
};

interface Node {
  server: ReferenceServer;
  mode: string;
  /** Releases what outlives the server (Redis backends and client, metrics), once it closed. */
  release(): Promise<void>;
}

async function start(): Promise<Node> {
  const url = process.env.REDIS_URL;
  if (!url) {
    const server = await startReferenceServer(base);
    return { server, mode: 'in-memory (single node; set REDIS_URL to cluster)', release: async () => {} };
  }
  const prefix = process.env.REDIS_PREFIX ?? 'pollwire:';
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', errorLogger('redis'));
  console.log(`connecting to Redis at ${redacted(url)}…`);
  await client.connect();
  // Made here so that the Redis instruments land on the server's /metrics too.
  const metrics = createPrometheusMetrics();
  const backends = await createRedisServerBackends({
    client,
    prefix,
    ...(base.tokenSecret ? { tokenSecret: base.tokenSecret } : {}),
    onError: errorLogger('redis backends'),
    meterProvider: metrics.meterProvider,
  });
  const server = await startReferenceServer({ ...base, ...backends.options, metrics });
  await backends.attach(server.hub);
  return {
    server,
    mode: `Redis cluster node ${backends.redis.presence.nodeId} (${redacted(url)}, prefix '${prefix}')`,
    async release() {
      await backends.close();
      await client.close();
      await metrics.shutdown();
    },
  };
}

const { server, mode, release } = await start();
console.log(`pollwire reference server, ${mode}: ${server.httpUrl} (WebSocket ${server.wsUrl}?token=…)`);
if (server.metricsUrl) console.log(`metrics: ${server.metricsUrl}`);
console.log(`health: ${server.healthUrl}  readiness: ${server.readyUrl}`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  const { delayMs, spreadMs, timeoutMs } = signal === 'SIGINT' ? drainOnInt : drainOnTerm;
  console.log(
    `${signal}: shutting down: /readyz answers 503 now; in ${delayMs} ms new upgrades get 503 and the ` +
      `${server.hub.connectionCount()} sockets close with 1012 over ${spreadMs} ms; then up to ${timeoutMs} ms for ` +
      `them to go (a second signal exits at once)`,
  );
  const started = performance.now();
  server
    .drain({ delayMs, spreadMs, timeoutMs })
    .then(release)
    .then(
      () => {
        console.log(`drained and closed in ${Math.round(performance.now() - started)} ms`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
