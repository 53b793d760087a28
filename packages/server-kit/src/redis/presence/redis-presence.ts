import { randomBytes } from 'node:crypto';
import { systemTimers, type Timers } from '../../util/clock.js';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands, type RedisCommandsOptions } from '../connection/commands.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';
import type { CountClaim } from '../../hub/presence.js';
import { countClaimScript, expireNodeScript, heartbeatScript, presenceScript } from './presence-scripts.js';

/** 15 s: a node silent this long is presumed dead and its connections stop counting. */
export const DEFAULT_PRESENCE_LEASE_MS = 15_000;
/** 5 s: lease renewal and dead-node sweep period. */
export const DEFAULT_PRESENCE_HEARTBEAT_MS = 5_000;

export interface RedisPresenceOptions extends RedisCommandsOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
  /**
   * This node's id (unique per process).
   * @default 12 random hex characters
   */
  nodeId?: string;
  /** @default 15_000 */
  leaseMs?: number;
  /** @default 5_000 */
  heartbeatIntervalMs?: number;
  /** @default systemTimers */
  timers?: Timers;
  /** Participants whose last connection was on a node that died (the sweeping node should announce them). */
  onExpired?: (departure: PresenceDeparture) => void;
  /** Failed heartbeats or sweeps (retried on the next tick). */
  onError?: (error: unknown) => void;
}

/** The result of a connection opening or closing. */
export interface PresenceChange {
  /** First connection of the participant anywhere (open) or its last one (close). */
  changed: boolean;
  /** Distinct participants connected anywhere in the session. */
  participantCount: number;
}

export interface PresenceDeparture {
  sessionId: string;
  participantId: string;
  participantCount: number;
}

/** Participant presence across nodes. */
export interface RedisPresence {
  readonly nodeId: string;
  connect(sessionId: string, participantId: string): Promise<PresenceChange>;
  disconnect(sessionId: string, participantId: string): Promise<PresenceChange>;
  participantCount(sessionId: string): Promise<number>;
  /** Claims the session's next participant count announcement over the cluster (see `HubPresence`). */
  claimCountAnnouncement(sessionId: string, intervalMs: number): Promise<CountClaim>;
  /** Renews this node's lease (also runs on a timer once `start()`ed). */
  heartbeat(): Promise<void>;
  /** Expires the connections of nodes whose lease ran out; returns who left. */
  sweep(): Promise<PresenceDeparture[]>;
  /** Starts the heartbeat/sweep timer (`unref()`ed). */
  start(): Promise<void>;
  /** Stops the timer and removes this node's connections (graceful shutdown). */
  close(): Promise<PresenceDeparture[]>;
}

/**
 * Counts distinct connected participants per session over every node. Each node keeps its own per-participant
 * connection counts beside the session-wide ones and renews a lease; when a node dies, any other node's sweep
 * subtracts its connections, so the counts heal without it.
 *
 * @example
 * const presence = createRedisPresence({ client, onExpired: (d) => announceDeparture(d) });
 * await presence.start();
 * const { changed, participantCount } = await presence.connect(sessionId, participantId);
 */
export function createRedisPresence(options: RedisPresenceOptions): RedisPresence {
  const keys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands = createRedisCommands(options.client, options);
  const nodeId = options.nodeId ?? randomBytes(6).toString('hex');
  const leaseMs = options.leaseMs ?? DEFAULT_PRESENCE_LEASE_MS;
  const timers = options.timers ?? systemTimers;
  let timer: ReturnType<Timers['setInterval']> | undefined;

  const presenceKeys = (sessionId: string) => [keys.presence(sessionId), keys.presenceByNode(sessionId)];

  const change = async (sessionId: string, participantId: string, delta: 1 | -1): Promise<PresenceChange> => {
    if (delta > 0) await commands.call(['SADD', keys.nodeSessions(nodeId), sessionId]);
    const [changed, participantCount] = (await commands.eval(presenceScript, presenceKeys(sessionId), [
      nodeId,
      participantId,
      String(delta),
    ])) as [number, number];
    return { changed: changed === 1, participantCount };
  };

  const expireNode = async (node: string): Promise<PresenceDeparture[]> => {
    const departures: PresenceDeparture[] = [];
    const sessions = (await commands.call(['SMEMBERS', keys.nodeSessions(node)])) as string[];
    for (const sessionId of sessions) {
      const [participantCount, ...gone] = (await commands.eval(expireNodeScript, presenceKeys(sessionId), [node])) as [
        number,
        ...string[],
      ];
      for (const participantId of gone) departures.push({ sessionId, participantId, participantCount });
    }
    await commands.call(['DEL', keys.nodeSessions(node)]);
    await commands.call(['ZREM', keys.nodes(), node]);
    return departures;
  };

  const presence: RedisPresence = {
    nodeId,
    connect: (sessionId, participantId) => change(sessionId, participantId, 1),
    disconnect: (sessionId, participantId) => change(sessionId, participantId, -1),
    async participantCount(sessionId) {
      return (await commands.call(['HLEN', keys.presence(sessionId)])) as number;
    },
    async claimCountAnnouncement(sessionId, intervalMs) {
      const claimKeys = [keys.session(sessionId, 'count:claim'), keys.presence(sessionId)];
      const reply = (await commands.eval(countClaimScript, claimKeys, [
        nodeId,
        String(Math.max(1, Math.round(intervalMs))),
      ])) as number;
      return reply < 0 ? { outcome: 'busy' } : { outcome: 'announce', participantCount: reply };
    },
    async heartbeat() {
      await commands.eval(heartbeatScript, [keys.nodes()], [nodeId, String(leaseMs)]);
    },
    async sweep() {
      const now = (await commands.eval(heartbeatScript, [keys.nodes()], [nodeId, String(leaseMs)])) as string;
      const dead = (await commands.call(['ZRANGE', keys.nodes(), '-inf', `(${now}`, 'BYSCORE'])) as string[];
      const departures: PresenceDeparture[] = [];
      for (const node of dead) {
        if (node === nodeId) continue;
        for (const departure of await expireNode(node)) {
          departures.push(departure);
          options.onExpired?.(departure);
        }
      }
      return departures;
    },
    async start() {
      await presence.heartbeat();
      timer ??= timers.setInterval(() => {
        presence.sweep().catch((error: unknown) => options.onError?.(error));
      }, options.heartbeatIntervalMs ?? DEFAULT_PRESENCE_HEARTBEAT_MS);
      timer.unref?.();
    },
    async close() {
      if (timer) timers.clearInterval(timer);
      timer = undefined;
      return expireNode(nodeId);
    },
  };
  return presence;
}
