import { randomUUID } from 'node:crypto';
import {
  CLOSE_CODES,
  CONTRACT_HASH,
  CONTRACT_VERSION,
  ERROR_CODES,
  type ErrorCode,
  type RoomEventName,
  type RoomPayload,
  type UnicastEventName,
  type UnicastPayload,
} from '@pollwire/contracts';
import {
  buildConnectionEstablished,
  buildConnectionHeartbeat,
  buildConnectionReconnected,
} from '../builders/connection.js';
import { buildErrorGeneral } from '../builders/error.js';
import { buildParticipantDisconnected, buildParticipantJoined } from '../builders/participant.js';
import { isUnavailable } from '../errors.js';
import { encodeBatch, encodeEnvelope } from '../log/encode.js';
import { createMemoryReplayLog } from '../log/memory-log.js';
import type { LoggedEvent, ReplayLog, Unsubscribe } from '../log/types.js';
import { type Attendance, attend, leave } from './attendance.js';
import { type ConnectOptions, planCatchUp } from './catch-up.js';
import { decodeInbound } from './inbound.js';
import { createPresenceAnnouncer } from './presence-announcer.js';
import { isoTime, systemClock, systemTimers } from '../util/clock.js';
import { createKeyedQueue } from '../util/keyed-queue.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_PENDING_EVENTS,
  type HubOptions,
  type MessageContext,
} from './options.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import type { ConnectionIdentity, PollwireSocket } from './socket.js';
import { validateRoomPayload, validateUnicastPayload } from './validate.js';

/** The hub's handle on one connection; the transport adapter feeds it socket events. */
export interface HubConnection {
  readonly id: string;
  readonly identity: ConnectionIdentity;
  /** Settles when the handshake (established/reconnected, history or replay) was sent. */
  readonly ready: Promise<void>;
  /** A frame arrived from the client. */
  receive(data: string, isBinary?: boolean): void;
  /** A transport pong arrived (the peer is alive). */
  pong(): void;
  /** The socket closed; idempotent. */
  closed(): void;
}

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
  /** Stops the heartbeat, closes every connection with 1001 and releases subscriptions. */
  close(): Promise<void>;
}

interface Connection extends HubConnection {
  readonly socket: PollwireSocket;
  phase: 'handshake' | 'live' | 'closed';
  /** Live room events that arrived while the handshake was being sent (allocated on the first one). */
  pending: LoggedEvent[] | undefined;
  /** Seq of the newest room event this socket got. */
  lastSeq: number;
  lastSeen: number;
  unicasts: number;
  /** Created on the first inbound frame: most connections of a large room never send one. */
  limiter: RateLimiter | undefined;
  inbox: Promise<void>;
  /** Whether this connection counts in its room's `participants`. */
  attending: boolean;
}

interface Room {
  sessionId: string;
  connections: Set<Connection>;
  /** participantId -> open connections. */
  participants: Attendance;
  /** Set when the log fans out through `subscribe`. */
  subscription?: Promise<Unsubscribe | undefined>;
  lastDeliveredSeq: number;
  /** The log was seen holding this session's events (no restore needed while the room lives). */
  logged?: true;
}

/** Re-reads the phase after awaits (a socket may close meanwhile). */
const isClosed = (conn: Connection) => conn.phase === 'closed';

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
  const timers = options.timers ?? systemTimers;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const serverVersion = options.serverVersion ?? CONTRACT_VERSION;
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const maxPendingEvents = options.maxPendingEvents ?? DEFAULT_MAX_PENDING_EVENTS;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const createConnectionId = options.createConnectionId ?? randomUUID;
  const reportError = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // an observer must not break the hub
    }
  };

  const rateLimit = options.rateLimit ?? {};
  const settled = Promise.resolve();
  const rooms = new Map<string, Room>();
  const connections = new Map<string, Connection>();
  const broadcasts = createKeyedQueue();

  // ---- sending -------------------------------------------------------------------------------------------

  const rawSend = (conn: Connection, frame: string): boolean => {
    if (conn.phase === 'closed') return false;
    try {
      conn.socket.send(frame);
      return true;
    } catch (error) {
      reportError(error);
      drop(conn, CLOSE_CODES.goingAway, 'send failed');
      return false;
    }
  };

  /** Live frames respect the slow-consumer cap; history/replay is bounded by the log's own cap instead. */
  const sendLive = (conn: Connection, frame: string): boolean => {
    if (conn.phase === 'closed') return false;
    if (conn.socket.bufferedAmount > maxBufferedBytes) {
      drop(conn, CLOSE_CODES.slowConsumer, 'slow consumer');
      return false;
    }
    return rawSend(conn, frame);
  };

  const encodeUnicast = <E extends UnicastEventName>(
    conn: Connection,
    event: E,
    payload: UnicastPayload<E>,
    requestId?: string,
  ): string =>
    encodeEnvelope({
      event,
      eventId: `${conn.id}.${++conn.unicasts}`,
      sessionId: conn.identity.sessionId,
      timestamp: isoTime(clock),
      requestId,
      payload: validateUnicastPayload(event, payload),
    });

  const sendError = (
    conn: Connection,
    errorCode: ErrorCode,
    message: string,
    context: { eventName?: string | undefined; entityId?: string | undefined; requestId?: string | undefined },
  ) => {
    const payload = buildErrorGeneral({ errorCode, message, timestamp: isoTime(clock), ...context });
    if (payload.requestContext === undefined) payload.requestContext = { eventName: '' };
    sendLive(conn, encodeUnicast(conn, 'error:general', payload, context.requestId));
  };

  /**
   * The last batch frame built: clients that reconnect together mostly ask for the same range, and each then gets
   * the same string (joined once, and encoded once by the transport) instead of its own copy.
   */
  let lastBatch: { sessionId: string; first: string; last: string; count: number; frame: string } | undefined;
  const batchFrame = (sessionId: string, frames: readonly string[], start: number, end: number): string => {
    const first = frames[start]!;
    const last = frames[end - 1]!;
    // Frames carry their eventId, and seq is contiguous: the same first and last frame and count is the same range.
    const cached = lastBatch;
    if (
      cached?.sessionId === sessionId &&
      cached.count === end - start &&
      cached.first === first &&
      cached.last === last
    )
      return cached.frame;
    const frame = encodeBatch(frames.slice(start, end));
    lastBatch = { sessionId, first, last, count: end - start, frame };
    return frame;
  };

  const sendBatches = (conn: Connection, frames: readonly string[]) => {
    for (let i = 0; i < frames.length && conn.phase !== 'closed'; i += batchSize) {
      rawSend(conn, batchFrame(conn.identity.sessionId, frames, i, Math.min(frames.length, i + batchSize)));
    }
  };

  // ---- rooms and delivery ----------------------------------------------------------------------------------

  const deliver = (room: Room, event: LoggedEvent) => {
    if (event.seq <= room.lastDeliveredSeq) return;
    room.lastDeliveredSeq = event.seq;
    for (const conn of room.connections) {
      if (conn.phase === 'handshake') {
        conn.pending ??= [];
        const pending = conn.pending;
        pending.push(event);
        if (pending.length > maxPendingEvents) drop(conn, CLOSE_CODES.slowConsumer, 'slow consumer');
      } else if (conn.phase === 'live' && event.seq > conn.lastSeq) {
        conn.lastSeq = event.seq;
        sendLive(conn, event.frame);
      }
    }
  };

  const roomOf = (sessionId: string): Room => {
    let room = rooms.get(sessionId);
    if (!room) {
      const created: Room = { sessionId, connections: new Set(), participants: new Map(), lastDeliveredSeq: 0 };
      if (log.subscribe) {
        const subscribe = log.subscribe.bind(log);
        created.subscription = Promise.resolve(subscribe(sessionId, (event) => deliver(created, event))).catch(
          (error: unknown) => {
            reportError(error);
            return undefined;
          },
        );
      }
      room = created;
      rooms.set(sessionId, room);
    }
    return room;
  };

  const releaseRoom = (room: Room) => {
    if (room.connections.size > 0 || rooms.get(room.sessionId) !== room) return;
    rooms.delete(room.sessionId);
    void room.subscription?.then((unsubscribe) => unsubscribe?.()).catch(reportError);
  };

  // With a presence source, it decides attendance announcements and counts (across nodes).
  const announcer =
    options.presence &&
    createPresenceAnnouncer({
      presence: options.presence,
      broadcast: (sessionId, event, payload) => hub.broadcast(sessionId, event, payload),
      onError: reportError,
    });

  const attendance = (conn: Connection, joined: boolean) => {
    const { sessionId, participantId, displayName } = conn.identity;
    if (conn.identity.role !== 'participant' || participantId === undefined) return;
    const room = roomOf(sessionId);
    conn.attending = joined;
    const timestamp = isoTime(clock);
    if (announcer) {
      if (joined) attend(room.participants, participantId);
      else leave(room.participants, participantId);
      if (joined) announcer.joined(conn, conn.identity, timestamp);
      else announcer.left(conn, conn.identity, timestamp);
      return;
    }
    if (joined) {
      if (!attend(room.participants, participantId)) return;
      const participantCount = room.participants.size;
      const payload = buildParticipantJoined({
        sessionId,
        participantId,
        displayName,
        joinedAt: timestamp,
        participantCount,
      });
      hub.broadcast(sessionId, 'participant:joined', payload).catch(reportError);
    } else {
      if (!leave(room.participants, participantId)) return;
      const participantCount = room.participants.size;
      const payload = buildParticipantDisconnected({
        sessionId,
        participantId,
        disconnectedAt: timestamp,
        participantCount,
      });
      hub.broadcast(sessionId, 'participant:disconnected', payload).catch(reportError);
    }
  };

  function drop(conn: Connection, code?: number, reason?: string, terminate = false) {
    if (conn.phase === 'closed') return;
    conn.phase = 'closed';
    conn.pending = undefined;
    connections.delete(conn.id);
    const room = rooms.get(conn.identity.sessionId);
    if (conn.attending) attendance(conn, false);
    if (room) {
      room.connections.delete(conn);
      releaseRoom(room);
    }
    try {
      if (terminate && conn.socket.terminate) conn.socket.terminate();
      else if (code !== undefined) conn.socket.close(code, reason ?? '');
    } catch (error) {
      reportError(error);
    }
  }

  // ---- handshake -------------------------------------------------------------------------------------------

  const goLive = (conn: Connection, lastSeq: number) => {
    conn.lastSeq = lastSeq;
    const pending = conn.pending ?? [];
    conn.pending = undefined;
    conn.phase = 'live';
    for (const event of pending) {
      if (event.seq > conn.lastSeq) {
        conn.lastSeq = event.seq;
        sendLive(conn, event.frame);
      }
    }
  };

  const handshake = async (conn: Connection, connect: ConnectOptions) => {
    const { sessionId } = conn.identity;
    // Registered (buffering) before the log is read: every event appended from now on reaches `pending`.
    const room = roomOf(sessionId);
    room.connections.add(conn);
    await room.subscription;
    if (options.restoreSession && !room.logged) {
      if ((await log.head(sessionId)).lastSeq === 0) await options.restoreSession(sessionId);
      room.logged = true;
    }
    const plan = await planCatchUp(log, sessionId, connect);
    const base = { connectionId: conn.id, timestamp: isoTime(clock), heartbeatIntervalMs, cursor: plan.cursor };
    const hello =
      plan.kind === 'established'
        ? encodeUnicast(
            conn,
            'connection:established',
            buildConnectionEstablished({
              ...base,
              serverVersion,
              contractHash: CONTRACT_HASH,
              historyCount: plan.frames.length,
              historyComplete: plan.historyComplete,
            }),
          )
        : encodeUnicast(
            conn,
            'connection:reconnected',
            buildConnectionReconnected({
              ...base,
              replayFrom: plan.replayFrom,
              replayCount: plan.frames.length,
              resync: plan.resync,
            }),
          );
    if (isClosed(conn)) return;
    rawSend(conn, hello);
    sendBatches(conn, plan.frames);
    if (isClosed(conn)) return;
    goLive(conn, plan.lastSeq);
    attendance(conn, true);
  };

  // ---- inbound ---------------------------------------------------------------------------------------------

  const contextFor = (conn: Connection, eventName: string, requestId: string | undefined): MessageContext => ({
    connectionId: conn.id,
    identity: conn.identity,
    reply: (event, payload, replyRequestId) => {
      sendLive(conn, encodeUnicast(conn, event, payload, replyRequestId ?? requestId));
    },
    fail: (errorCode, message, context) =>
      sendError(conn, errorCode, message, { eventName, entityId: context?.entityId, requestId }),
  });

  const process = async (conn: Connection, data: string, isBinary: boolean) => {
    if (conn.phase === 'closed') return;
    const inbound = decodeInbound(data, isBinary);
    if (!inbound.ok) {
      const { errorCode, message, eventName, requestId } = inbound;
      sendError(conn, errorCode, message, { eventName, requestId });
      return;
    }
    const message = inbound.message;
    if (message.event === 'connection:heartbeat') return;
    const context = contextFor(conn, message.event, message.requestId);
    try {
      await options.onMessage?.(context, message);
    } catch (error) {
      reportError(error);
      if (isUnavailable(error)) context.fail(ERROR_CODES.unavailable, 'a backing store is unavailable; retry later');
      else context.fail(ERROR_CODES.internal, 'internal error; nothing was applied');
    }
  };

  const receive = (conn: Connection, data: string, isBinary: boolean) => {
    if (conn.phase === 'closed') return;
    conn.lastSeen = clock.now();
    conn.limiter ??= createRateLimiter(rateLimit, clock);
    switch (conn.limiter.take()) {
      case 'allow':
        conn.inbox = conn.inbox.then(() => process(conn, data, isBinary)).catch(reportError);
        return;
      case 'drop-and-warn':
        sendError(conn, ERROR_CODES.rateLimited, 'too many frames; this one was dropped', {});
        return;
      case 'drop':
        return;
      case 'close':
        drop(conn, CLOSE_CODES.rateLimited, 'rate limited');
        return;
    }
  };

  // ---- connections -----------------------------------------------------------------------------------------

  /**
   * One connection's state and its handle for the transport adapter, in one object: a large room holds thousands,
   * and a class shares its methods instead of giving each connection its own closures.
   */
  class LiveConnection implements Connection {
    phase: Connection['phase'] = 'handshake';
    pending: LoggedEvent[] | undefined = undefined;
    lastSeq = 0;
    lastSeen = clock.now();
    unicasts = 0;
    limiter: RateLimiter | undefined = undefined;
    ready: Promise<void> = settled;
    inbox: Promise<void> = settled;
    attending = false;

    constructor(
      readonly id: string,
      readonly identity: ConnectionIdentity,
      readonly socket: PollwireSocket,
    ) {}

    receive(data: string, isBinary = false): void {
      receive(this, data, isBinary);
    }

    pong(): void {
      this.lastSeen = clock.now();
    }

    closed(): void {
      drop(this);
    }
  }

  // ---- heartbeat -------------------------------------------------------------------------------------------

  const heartbeat = timers.setInterval(() => {
    const now = clock.now();
    for (const conn of [...connections.values()]) {
      if (conn.identity.expiresAt !== undefined && now >= conn.identity.expiresAt) {
        drop(conn, CLOSE_CODES.unauthorized, 'credential expired');
      } else if (now - conn.lastSeen >= 2 * heartbeatIntervalMs) {
        drop(conn, CLOSE_CODES.goingAway, 'heartbeat timeout', true);
      } else if (conn.phase === 'live') {
        sendLive(conn, encodeUnicast(conn, 'connection:heartbeat', buildConnectionHeartbeat(isoTime(clock))));
        try {
          conn.socket.ping?.();
        } catch (error) {
          reportError(error);
        }
      }
    }
  }, heartbeatIntervalMs);
  heartbeat.unref?.();

  // ---- public ----------------------------------------------------------------------------------------------

  const hub: Hub = {
    log,
    heartbeatIntervalMs,

    connect(socket, identity, connect = {}) {
      const conn = new LiveConnection(createConnectionId(), identity, socket);
      connections.set(conn.id, conn);
      const ready = handshake(conn, connect).catch((error: unknown) => {
        reportError(error);
        if (conn.phase === 'closed') return;
        if (isUnavailable(error)) sendError(conn, ERROR_CODES.unavailable, 'replay log unavailable', {});
        drop(conn, CLOSE_CODES.goingAway, 'handshake failed');
      });
      conn.ready = ready;
      conn.inbox = ready;
      return conn;
    },

    broadcast(sessionId, event, payload, broadcastOptions = {}) {
      let clean: RoomPayload<typeof event>;
      try {
        clean = validateRoomPayload(event, payload);
      } catch (error) {
        return Promise.reject(error);
      }
      const timestamp = isoTime(clock);
      return broadcasts.run(sessionId, async () => {
        const logged = await log.append(sessionId, {
          event,
          timestamp,
          payload: clean,
          requestId: broadcastOptions.requestId,
        });
        if (!log.subscribe) {
          const room = rooms.get(sessionId);
          if (room) deliver(room, logged);
        }
        return logged;
      });
    },

    unicast(connectionId, event, payload, requestId) {
      const conn = connections.get(connectionId);
      const frame = conn && encodeUnicast(conn, event, payload, requestId);
      return conn !== undefined && frame !== undefined && sendLive(conn, frame);
    },

    participantCount: (sessionId) => rooms.get(sessionId)?.participants.size ?? 0,

    countParticipants: async (sessionId) =>
      options.presence ? options.presence.participantCount(sessionId) : hub.participantCount(sessionId),

    connectionCount: (sessionId) =>
      sessionId === undefined ? connections.size : (rooms.get(sessionId)?.connections.size ?? 0),

    closeSession(sessionId, code = CLOSE_CODES.sessionNotFound, reason = 'session not found') {
      for (const conn of [...(rooms.get(sessionId)?.connections ?? [])]) drop(conn, code, reason);
    },

    async close() {
      timers.clearInterval(heartbeat);
      lastBatch = undefined;
      for (const conn of [...connections.values()]) drop(conn, CLOSE_CODES.goingAway, 'server shutting down');
      if (ownsLog) await log.close?.();
    },
  };
  return hub;
}
