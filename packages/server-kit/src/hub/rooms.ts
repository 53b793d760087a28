import type { LoggedEvent, ReplayLog, Unsubscribe } from '../log/types.js';
import type { Attendance } from './attendance.js';
import type { Connection } from './connection.js';

/** The connections of one session on this node. */
export interface Room {
  readonly sessionId: string;
  readonly connections: Set<Connection>;
  /** participantId -> open connections. */
  readonly participants: Attendance;
  /** Set when the log fans out through `subscribe`. */
  subscription?: Promise<Unsubscribe | undefined>;
  /** Seq of the newest event fanned out; an older or repeated one is skipped. */
  lastDeliveredSeq: number;
  /** The log was seen holding this session's events (no restore needed while the room lives). */
  logged?: true;
}

export interface RoomRegistryOptions {
  log: ReplayLog;
  /** Fans an event the log notified out to the room (the log's `subscribe` path). */
  deliver(room: Room, event: LoggedEvent): void;
  /** A room was created. */
  opened?(room: Room): void;
  /** A room was left empty and forgotten. */
  closed?(room: Room): void;
  onError(error: unknown): void;
}

/** The rooms with open connections, each subscribed to its session's log while it lives. */
export interface RoomRegistry {
  get(sessionId: string): Room | undefined;
  /** The session's room, created (and subscribed to the log) when it has none. */
  open(sessionId: string): Room;
  /** Removes a connection from its room; a room left empty is forgotten and unsubscribed. */
  leave(room: Room, conn: Connection): void;
}

/** Creates the room registry over a log; with `log.subscribe`, a room receives its events from the log. */
export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { log, deliver, onError } = options;
  const rooms = new Map<string, Room>();

  const subscribe = (room: Room, logSubscribe: NonNullable<ReplayLog['subscribe']>) =>
    Promise.resolve(logSubscribe(room.sessionId, (event) => deliver(room, event))).catch((error: unknown) => {
      onError(error);
      return undefined;
    });

  return {
    get: (sessionId) => rooms.get(sessionId),

    open(sessionId) {
      let room = rooms.get(sessionId);
      if (!room) {
        const created: Room = { sessionId, connections: new Set(), participants: new Map(), lastDeliveredSeq: 0 };
        if (log.subscribe) created.subscription = subscribe(created, log.subscribe.bind(log));
        room = created;
        rooms.set(sessionId, room);
        options.opened?.(room);
      }
      return room;
    },

    leave(room, conn) {
      room.connections.delete(conn);
      if (room.connections.size > 0 || rooms.get(room.sessionId) !== room) return;
      rooms.delete(room.sessionId);
      options.closed?.(room);
      void room.subscription?.then((unsubscribe) => unsubscribe?.()).catch(onError);
    },
  };
}
