// Starts one reference-server node. Env: PORT (8080; 0 picks a free one), HOST, STATIC_DIR, TOKEN_SECRET, and
// REDIS_URL (+ REDIS_PREFIX, default 'pollwire:') to keep everything in Redis: nodes sharing the Redis and the
// prefix form a cluster in which any node serves any request.
import { createClient } from 'redis';
import { createRedisServerBackends } from './redis-backends.js';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from './server.js';

const base: ReferenceServerOptions = {
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '127.0.0.1',
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

async function start(): Promise<{ server: ReferenceServer; mode: string; stop(): Promise<void> }> {
  const url = process.env.REDIS_URL;
  if (!url) {
    const server = await startReferenceServer(base);
    return { server, mode: 'in-memory (single node; set REDIS_URL to cluster)', stop: () => server.close() };
  }
  const prefix = process.env.REDIS_PREFIX ?? 'pollwire:';
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', errorLogger('redis'));
  console.log(`connecting to Redis at ${redacted(url)}…`);
  await client.connect();
  const backends = await createRedisServerBackends({
    client,
    prefix,
    ...(base.tokenSecret ? { tokenSecret: base.tokenSecret } : {}),
    onError: errorLogger('redis backends'),
  });
  const server = await startReferenceServer({ ...base, ...backends.options });
  await backends.attach(server.hub);
  return {
    server,
    mode: `Redis cluster node ${backends.redis.presence.nodeId} (${redacted(url)}, prefix '${prefix}')`,
    async stop() {
      await server.close();
      await backends.close();
      await client.close();
    },
  };
}

const { server, mode, stop } = await start();
console.log(`pollwire reference server, ${mode}: ${server.httpUrl} (WebSocket ${server.wsUrl}?token=…)`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal}: shutting down`);
  stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
