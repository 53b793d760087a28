import { randomUUID } from 'node:crypto';
import {
  CLOSE_CODES,
  CONTRACT_VERSION,
  type RoomEventName,
  type RoomPayload,
  type UnicastEventName,
  type UnicastPayload,
} from '@pollwire/contracts/client';
import { createMemoryReplayLog } from '../log/memory-log.js';
import type { LoggedEvent, ReplayLog } from '../log/types.js';
import { type CloseReason, closeReasonOf } from '../telemetry/close-reason.js';
import { guardLogger } from '../telemetry/logger.js';
import { createPollwireMetrics } from '../telemetry/metrics.js';
import { timeLog } from '../telemetry/timed-log.js';
import { isUnavailable } from '../errors.js';
import { systemClock, systemTimers } from '../util/clock.js';
import { createBatchSender } from './batches.js';
import { type Broadcast, createBroadcaster } from './broadcast.js';
import type { ConnectOptions } from './catch-up.js';
import { bindConnectionClass, type Connection, type HubConnection } from './connection.js';
import { createDelivery } from './delivery.js';
import { type DrainOptions, drainConnections } from './drain.js';
import { createHandshake } from './handshake.js';
import { startHeartbeat } from './heartbeat.js';
import { createInbox } from './inbox.js';
import { createMemoryCheckpointStore } from '../projection/checkpoint.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_PENDING_EVENTS,
  DEFAULT_PARTICIPANT_COUNT_INTERVAL_MS,
  DEFAULT_REPLAY_LIMIT,
  type HubOptions,
} from './options.js';
import type { AttendanceBroadcast } from './attendance.js';
import { createCountAnnouncer } from './count-announcer.js';
import { createParticipantTracker } from './participants.js';
import { createRoomRegistry, type Room } from './rooms.js';
import { createSender } from './sender.js';
import { createSnapshots } from './snapshots.js';
import type { ConnectionIdentity, PollwireSocket } from './socket.js';

export type { HubConnection } from './connection.js';

/** Closes worth a log line: the server ended the connection for a fault. */
const NOTABLE_CLOSES: ReadonlySet<CloseReason> = new Set<CloseReason>([
  'slow_consumer',
  'rate_limited',
  'heartbeat_timeout',
  'handshake_failed',
  'send_failed',
]);

/** The transport-agnostic core: sessions' rooms, connections, serialize-once broadcast, replay and heartbeat. */
export interface Hub {
  readonly log: ReplayLog;
  readonly heartbeatIntervalMs: number;
  /** Registers a socket already authenticated for `identity.sessionId` and starts its handshake. */
  connect(socket: PollwireSocket, identity: ConnectionIdentity, options?: ConnectOptions): HubConnection;
  /**
   * Validates the payload against the contract once, logs it (assigning `seq`), serializes once and sends the
   * same string to every socket of the room. Throws {@link PayloadValidationError} (nothing sent or logged).
   */
  broadcast<E extends RoomEventName>(
    sessionId: string,
    event: E,
    payload: RoomPayload<E>,
    options?: { requestId?: string | undefined },
  ): Promise<LoggedEvent>;
  /** Sends a validated unicast to one connection; `false` if it is gone. Throws on an invalid payload. */
  unicast<E extends UnicastEventName>(
    connectionId: string,
    event: E,
    payload: UnicastPayload<E>,
    requestId?: string,
  ): boolean;
  /** Distinct participants connected to the session (on this node). */
  participantCount(sessionId: string): number;
  /** Distinct participants connected to the session anywhere: the `presence` option's count, else this node's. */
  countParticipants(sessionId: string): Promise<number>;
  /** Open connections, in total or of one session. */
  connectionCount(sessionId?: string): number;
  /** Closes every connection of a session (default 4404: the session no longer exists). */
  closeSession(sessionId: string, code?: number, reason?: string): void;
  /**
   * For transport adapters: an upgrade was refused before it reached the hub (counted in
   * `pollwire.server.connection.refusals` and logged).
   */
  connectionRefused(status: number, reason: string): void;
  /** Whether {@link Hub.drain} was called: new connections are refused (the `ws` adapter answers upgrades 503). */
  readonly draining: boolean;
  /**
   * Lets every client go before a shutdown: from now on new connections are refused, and each open one is closed
   * with 1012 (`CLOSE_CODES.serviceRestart`), on which clients reconnect at once (a load balancer sends them to
   * another node) and resume. Settles once every connection was closed. Then call {@link Hub.close}.
   *
   * @example
   * process.on('SIGTERM', async () => {
   *   ready = false; // fail the readiness probe first
   *   await pollwire.hub.drain({ spreadMs: 2_000 });
   *   await pollwire.close();
   * });
   */
  drain(options?: DrainOptions): Promise<void>;
  /** Stops the heartbeat, closes every connection with 1001 and releases subscriptions. */
  close(): Promise<void>;
}

/**
 * Creates the hub. Pair it with a transport adapter (`attachWebSocketServer`) and a message handler
 * (`createPollwire` wires the vote handler).
 *
 * @example
 * const hub = createHub({ heartbeatIntervalMs: 15_000 });
 * await hub.broadcast(sessionId, 'poll:closed', buildPollClosed(poll, closedAt, 12));
 */
export function createHub(options: HubOptions = {}): Hub {
  const ownsLog = options.log === undefined;
  const log = options.log ?? createMemoryReplayLog({ ...(options.clock ? { clock: options.clock } : {}) });
  const clock = options.clock ?? systemClock;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const createConnectionId = options.createConnectionId ?? randomUUID;
  const metrics = createPollwireMetrics(options.meterProvider);
  const logger = guardLogger(options.logger);
  const onError = (error: unknown) => {
    logger.error({ event: isUnavailable(error) ? 'pollwire.store_unavailable' : 'pollwire.error', err: error });
    try {
      options.onError?.(error);
    } catch {
      // an observer must not break the hub
    }
  };
  const timedLog = timeLog(log, metrics);

  const connections = new Map<string, Connection>();
  const sender = createSender({
    clock,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    onError,
  });
  const delivery = createDelivery({
    maxPendingEvents: options.maxPendingEvents ?? DEFAULT_MAX_PENDING_EVENTS,
    sendLive: sender.sendLive,
    metrics,
  });
  const timers = options.timers ?? systemTimers;
  const snapshots = createSnapshots({
    log,
    checkpoints: options.checkpoints ?? createMemoryCheckpointStore(),
    checkpointEvery: Math.max(1, options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY),
    checkpointIntervalMs: options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    timers,
    onError,
  });
  const deliver = (room: Room, event: LoggedEvent) => {
    snapshots.delivered(room, event);
    delivery.fanOut(room, event);
  };
  const rooms = createRoomRegistry({
    log,
    deliver,
    opened: metrics.roomOpened,
    closed: (room) => {
      metrics.roomClosed();
      snapshots.closed(room);
    },
    onError,
  });
  const broadcast = createBroadcaster({ log: timedLog, rooms, clock, deliver, appended: snapshots.appended });
  const counts = createCountAnnouncer({
    broadcast,
    clock,
    timers,
    intervalMs: options.participantCountIntervalMs ?? DEFAULT_PARTICIPANT_COUNT_INTERVAL_MS,
    onError,
    ...(options.presence?.claimCountAnnouncement
      ? { claim: options.presence.claimCountAnnouncement.bind(options.presence) }
      : {}),
  });
  // Attendance goes to presenters; participants get the count, at a bounded rate (also for an app's own
  // announcements, e.g. the departures of a node that died).
  const roomBroadcast: Broadcast = async (sessionId, event, payload, broadcastOptions) => {
    const logged = await broadcast(sessionId, event, payload, broadcastOptions);
    if (event === 'participant:joined' || event === 'participant:disconnected')
      counts.changed(sessionId, (payload as { participantCount: number }).participantCount);
    return logged;
  };
  const attendanceBroadcast: AttendanceBroadcast = roomBroadcast;
  const participants = createParticipantTracker({
    rooms,
    clock,
    presence: options.presence,
    broadcast: attendanceBroadcast,
    onError,
  });
  const batches = createBatchSender({
    batchSize: Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE),
    send: sender.send,
  });
  const handshake = createHandshake({
    log: timedLog,
    metrics,
    logger,
    rooms,
    clock,
    heartbeatIntervalMs,
    serverVersion: options.serverVersion ?? CONTRACT_VERSION,
    hooks: options,
    sender,
    batches,
    snapshots,
    replayLimit: Math.max(0, options.replayLimit ?? DEFAULT_REPLAY_LIMIT),
    ownVotes: options.ownVotes,
    goLive: delivery.goLive,
    participants,
    onError,
  });

  const LiveConnection = bindConnectionClass({
    clock,
    receive: createInbox({ clock, rateLimit: options.rateLimit ?? {}, hooks: options, sender, onError }),
    detach(conn, code, reason) {
      const why = closeReasonOf(code, reason);
      metrics.connectionClosed(conn.identity.role, why);
      if (NOTABLE_CLOSES.has(why)) {
        const { role, sessionId } = conn.identity;
        const entry = {
          event: 'pollwire.connection_closed',
          reason: why,
          code,
          role,
          sessionId,
          connectionId: conn.id,
        };
        logger.warn(why === 'slow_consumer' ? { ...entry, bufferedBytes: conn.socket.bufferedAmount } : entry);
      }
      connections.delete(conn.id);
      heartbeat.untrack(conn);
      const room = rooms.get(conn.identity.sessionId);
      if (conn.attending) participants.update(conn, false);
      if (room) rooms.leave(room, conn);
    },
    onError,
  });

  const heartbeat = startHeartbeat({
    timers,
    clock,
    intervalMs: heartbeatIntervalMs,
    sender,
    onError,
  });

  let draining = false;

  const hub: Hub = {
    log,
    heartbeatIntervalMs,

    connect(socket, identity, connect = {}) {
      const conn = new LiveConnection(createConnectionId(), identity, socket);
      metrics.connectionOpened(identity.role);
      if (draining) {
        // Admitted before the drain began: sent on at once.
        conn.close(CLOSE_CODES.serviceRestart, 'server draining');
        return conn;
      }
      connections.set(conn.id, conn);
      heartbeat.track(conn);
      const ready = handshake(conn, connect);
      conn.ready = ready;
      conn.inbox = ready;
      return conn;
    },

    broadcast: roomBroadcast,

    unicast(connectionId, event, payload, requestId) {
      const conn = connections.get(connectionId);
      return conn !== undefined && sender.unicast(conn, event, payload, requestId);
    },

    participantCount: (sessionId) => rooms.get(sessionId)?.participants.size ?? 0,

    countParticipants: async (sessionId) =>
      options.presence ? options.presence.participantCount(sessionId) : hub.participantCount(sessionId),

    connectionCount: (sessionId) =>
      sessionId === undefined ? connections.size : (rooms.get(sessionId)?.connections.size ?? 0),

    closeSession(sessionId, code = CLOSE_CODES.sessionNotFound, reason = 'session not found') {
      for (const conn of [...(rooms.get(sessionId)?.connections ?? [])]) conn.close(code, reason);
    },

    connectionRefused(status, reason) {
      metrics.connectionRefused(status, reason);
      logger.warn({ event: 'pollwire.connection_refused', status, reason });
    },

    get draining() {
      return draining;
    },

    drain(drainOptions = {}) {
      draining = true;
      return drainConnections([...connections.values()], timers, drainOptions.spreadMs ?? 0);
    },

    async close() {
      draining = true;
      heartbeat.stop();
      counts.close();
      batches.clear();
      for (const conn of [...connections.values()]) conn.close(CLOSE_CODES.goingAway, 'server shutting down');
      await snapshots.close();
      if (ownsLog) await log.close?.();
    },
  };
  return hub;
}
