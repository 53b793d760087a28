import type { MeterProvider } from '@opentelemetry/api';
import { CLOSE_CODES } from '@pollwire/contracts';
import { buildParticipantDisconnected, type Hub } from '@pollwire/server-kit';
import {
  createRedisBackends,
  DEFAULT_KEY_PREFIX,
  getOrCreateSharedSecret,
  type PresenceDeparture,
  type RedisBackends,
  type RedisBackendsOptions,
  type RedisDuplicableClient,
} from '@pollwire/server-kit/redis';
import type { ReferenceServerOptions } from './server.js';

export interface RedisServerBackendsOptions {
  /** A connected node-redis v5 client, created with `disableOfflineQueue: true`. It stays yours. */
  client: RedisDuplicableClient;
  /**
   * Key prefix; the nodes of one cluster share it.
   * @default 'pollwire:'
   */
  prefix?: string;
  /**
   * HMAC secret of the bearer tokens; every node of the cluster needs the same one.
   * @default a secret created once in Redis and shared by the nodes (`getOrCreateSharedSecret`)
   */
  tokenSecret?: string;
  /** Presence tuning (`nodeId`, `leaseMs`, `heartbeatIntervalMs`). */
  presence?: Pick<NonNullable<RedisBackendsOptions['presence']>, 'nodeId' | 'leaseMs' | 'heartbeatIntervalMs'>;
  /** Errors the backends absorbed (fan-out reconnects, presence sweeps). @default none */
  onError?: (error: unknown) => void;
  /**
   * Where the Redis instruments (command latency, errors, reconnects) go: pass the server's, e.g.
   * `createPrometheusMetrics().meterProvider`, to see them on its `/metrics`.
   * @default the global one of `@opentelemetry/api`
   */
  meterProvider?: MeterProvider;
}

/** The reference server's options for a node of a Redis cluster, and the hooks that need the running hub. */
export interface RedisServerBackends {
  /**
   * Spread into `startReferenceServer`: log, stores, cluster-wide queue, presence, state checkpoints, the shared
   * token secret, and the `redis` readiness check (`/readyz` answers 503 `redis_unavailable` while Redis does not
   * answer a `PING`).
   */
  options: Required<
    Pick<
      ReferenceServerOptions,
      | 'log'
      | 'sessionStore'
      | 'voteStore'
      | 'queue'
      | 'presence'
      | 'checkpoints'
      | 'resultsState'
      | 'tokenSecret'
      | 'readinessChecks'
    >
  >;
  redis: RedisBackends;
  /**
   * Hooks the started server's hub in and starts the presence lease: a replay log reset closes the session's
   * sockets (clients resume and resync), and the participants of a node that died are announced as disconnected.
   */
  attach(hub: Hub): Promise<void>;
  /** Announces this node's remaining participants as gone, then stops fan-out and presence (the client stays open). */
  close(): Promise<void>;
}

/**
 * Builds everything a reference-server node keeps in Redis, so that nodes sharing the Redis and the prefix form a
 * cluster in which any node serves any HTTP or WebSocket request.
 *
 * @example
 * const client = await createClient({ url, disableOfflineQueue: true }).connect();
 * const backends = await createRedisServerBackends({ client, prefix: 'pollwire:' });
 * const server = await startReferenceServer({ port: 8080, ...backends.options });
 * await backends.attach(server.hub);
 */
export async function createRedisServerBackends(options: RedisServerBackendsOptions): Promise<RedisServerBackends> {
  const { client, prefix = DEFAULT_KEY_PREFIX, onError } = options;
  let hub: Hub | undefined;
  const report = (error: unknown) => onError?.(error);
  const announce = (departure: PresenceDeparture) => {
    const { sessionId, participantId, participantCount } = departure;
    const payload = buildParticipantDisconnected({
      sessionId,
      participantId,
      participantCount,
      disconnectedAt: new Date().toISOString(),
    });
    return hub?.broadcast(sessionId, 'participant:disconnected', payload).catch(report);
  };
  const redis = createRedisBackends({
    client,
    prefix,
    fanOut: {
      onEpochChange: (sessionId) => hub?.closeSession(sessionId, CLOSE_CODES.goingAway, 'replay log reset'),
    },
    presence: { ...options.presence, onExpired: (departure) => void announce(departure) },
    ...(onError ? { onError } : {}),
    ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
  });
  // The client is created without an offline queue: while it reconnects, the PING fails at once.
  const redisAnswers = async () => (await client.sendCommand(['PING'])) === 'PONG';
  const tokenSecret = options.tokenSecret ?? (await getOrCreateSharedSecret({ client, prefix }));
  const { log, sessionStore, voteStore, queue, presence } = redis;

  return {
    options: {
      log,
      sessionStore,
      voteStore,
      queue,
      presence,
      checkpoints: redis.checkpoints,
      resultsState: redis.resultsState,
      tokenSecret,
      readinessChecks: { redis: redisAnswers },
    },
    redis,
    async attach(server) {
      hub = server;
      await presence.start();
    },
    async close() {
      const departures = await presence.close().catch((error: unknown) => {
        report(error);
        return [];
      });
      await Promise.all(departures.map(announce));
      await redis.close();
    },
  };
}
