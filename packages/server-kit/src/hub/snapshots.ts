import type { Attendee, OwnVote, RoomMessage } from '@pollwire/contracts/client';
import { formatCursor } from '../log/cursor.js';
import type { LoggedEvent, ReplayLog } from '../log/types.js';
import type { CheckpointStore } from '../projection/checkpoint.js';
import { loadProjection } from '../projection/load-projection.js';
import type { Projection, SessionProjection } from '../projection/session-projection.js';
import type { Timers } from '../util/clock.js';
import { createKeyedQueue } from '../util/keyed-queue.js';
import type { MaybePromise } from '../util/maybe-promise.js';
import type { Room } from './rooms.js';
import { serializeSnapshot } from './snapshot-frame.js';

/** A participant's own votes for a snapshot, by the ids of the session's polls. */
export type OwnVotesLookup = (
  sessionId: string,
  participantId: string,
  pollIds: readonly string[],
) => MaybePromise<readonly OwnVote[]>;

export interface SnapshotsOptions {
  log: ReplayLog;
  checkpoints: CheckpointStore;
  /** A checkpoint is saved at least every this many events of a session. */
  checkpointEvery: number;
  /** Sessions changed since their last checkpoint are saved this often. */
  checkpointIntervalMs: number;
  timers: Timers;
  onError(error: unknown): void;
}

/** A room's state at one seq, ready to send: the serialized payload shared by every receiver of a role. */
export interface SnapshotHead {
  epoch: string;
  seq: number;
  cursor: string;
  /** Poll ids, for the own-votes lookup. */
  pollIds: readonly string[];
  /** The serialized `session:synchronized` payload for this role (validated once). */
  payload: string;
}

/** The projection a room keeps at its log head while it has connections. */
interface RoomProjection {
  readonly room: Room;
  /** Resolves once loaded: `false` when the log cannot rebuild the session (trimmed, no checkpoint). */
  ready: Promise<boolean>;
  projection: SessionProjection | undefined;
  epoch: string;
  /** Events delivered while loading, folded once loaded. */
  buffer: LoggedEvent[] | undefined;
  /** Seq of the newest saved checkpoint (or the one it was loaded from). */
  savedSeq: number;
  /** Serialized payloads of the head, per role: a storm of connects at one head serializes once. */
  cache: { seq: number; presenter?: SnapshotHead; participant?: SnapshotHead } | undefined;
}

/** Keeps each room's projection at its log head, serves snapshots of it, and checkpoints every session. */
export interface Snapshots {
  /** Where the room's projection is, loading it first; `undefined` when the log cannot rebuild it. */
  position(room: Room): Promise<{ epoch: string; seq: number } | undefined>;
  /** The room's head for `role`, loading the projection first; `undefined` when the log cannot rebuild it. */
  head(room: Room, role: 'presenter' | 'participant'): Promise<SnapshotHead | undefined>;
  /** Folds an event delivered to the room (in seq order). */
  delivered(room: Room, event: LoggedEvent): void;
  /** This node appended an event: a session with no room here is still checkpointed. */
  appended(sessionId: string, event: LoggedEvent): void;
  /** The room closed: save its head and forget it. */
  closed(room: Room): void;
  /** Stops the timer and saves what is unsaved. */
  close(): Promise<void>;
}

/** Creates the hub's snapshot keeper. */
export function createSnapshots(options: SnapshotsOptions): Snapshots {
  const { log, checkpoints, checkpointEvery, timers, onError } = options;
  /** The projections of this node's rooms, by session. */
  const live = new Map<string, RoomProjection>();
  const of = (room: Room) => {
    const rp = live.get(room.sessionId);
    return rp?.room === room ? rp : undefined;
  };
  /** Sessions this node appended to with no room here, not yet checkpointed. */
  const dirty = new Set<string>();
  const saves = createKeyedQueue();
  /** Saves under way, awaited by `close`. */
  const inflight = new Set<Promise<void>>();
  const track = (promise: Promise<void>) => {
    inflight.add(promise);
    void promise.finally(() => inflight.delete(promise));
    return promise;
  };

  const save = (sessionId: string, epoch: string, head: Projection) =>
    saves.run(sessionId, async () => {
      await checkpoints.save(sessionId, { ...head, attendance: new Map(head.attendance), epoch });
    });

  const saveRoom = (rp: RoomProjection): Promise<void> | undefined => {
    const head = rp.projection?.head();
    if (!head || head.seq <= rp.savedSeq) return undefined;
    rp.savedSeq = head.seq;
    return track(save(rp.room.sessionId, rp.epoch, head).catch(onError));
  };

  /** Rebuilds a session from its checkpoint and the log, and saves it: for sessions appended to with no room. */
  const checkpointFromLog = (sessionId: string) => {
    dirty.delete(sessionId);
    return track(
      saves
        .run(sessionId, async () => {
          const loaded = await loadProjection(log, sessionId, await checkpoints.load(sessionId));
          if (loaded) await checkpoints.save(sessionId, { ...loaded.projection.head(), epoch: loaded.epoch });
        })
        .catch(onError),
    );
  };

  const fold = (rp: RoomProjection, event: LoggedEvent) => {
    // The log's frames were validated when appended: no second validation on the way back.
    const verdict = rp.projection?.apply(JSON.parse(event.frame) as RoomMessage);
    if (verdict === 'gap') {
      // The projection no longer matches the log: the next snapshot rebuilds it.
      forget(rp);
      return;
    }
    if (verdict === 'applied' && event.seq - rp.savedSeq >= checkpointEvery) void saveRoom(rp);
  };

  const forget = (rp: RoomProjection) => {
    if (live.get(rp.room.sessionId) === rp) live.delete(rp.room.sessionId);
  };

  /** Loads `rp` from the session's checkpoint and the log after it; resolves whether it is the room's projection. */
  const fill = async (rp: RoomProjection): Promise<boolean> => {
    const { room } = rp;
    // Subscribed before the log is read: every event after what the read sees is delivered (and buffered).
    await room.subscription;
    const checkpoint = await checkpoints.load(room.sessionId);
    const loaded = await loadProjection(log, room.sessionId, checkpoint);
    const buffer = rp.buffer ?? [];
    rp.buffer = undefined;
    if (!loaded) {
      forget(rp);
      return false;
    }
    rp.projection = loaded.projection;
    rp.epoch = loaded.epoch;
    rp.savedSeq = checkpoint?.epoch === loaded.epoch ? checkpoint.seq : 0;
    for (const event of buffer) fold(rp, event);
    return live.get(room.sessionId) === rp;
  };

  const load = (room: Room): RoomProjection => {
    const rp: RoomProjection = {
      room,
      ready: Promise.resolve(false),
      projection: undefined,
      epoch: '',
      buffer: [],
      savedSeq: 0,
      cache: undefined,
    };
    live.set(room.sessionId, rp);
    rp.ready = fill(rp).catch((error: unknown) => {
      forget(rp);
      throw error;
    });
    return rp;
  };

  const serialize = (rp: RoomProjection, role: 'presenter' | 'participant'): SnapshotHead | undefined => {
    const projection = rp.projection;
    if (!projection) return undefined;
    const head = projection.head();
    if (rp.cache?.seq !== head.seq) rp.cache = { seq: head.seq };
    const cached = rp.cache[role];
    if (cached) return cached;
    const cursor = head.cursor ?? formatCursor(rp.epoch, 0);
    const attendance: Attendee[] | undefined = role === 'presenter' ? [...head.attendance.values()] : undefined;
    const snapshot: SnapshotHead = {
      epoch: rp.epoch,
      seq: head.seq,
      cursor,
      pollIds: Object.keys(head.state.polls),
      payload: serializeSnapshot(rp.room.sessionId, head.state, { cursor, seq: head.seq, attendance }),
    };
    rp.cache[role] = snapshot;
    return snapshot;
  };

  const timer = timers.setInterval(() => {
    for (const rp of live.values()) void saveRoom(rp);
    for (const sessionId of dirty) void checkpointFromLog(sessionId);
  }, options.checkpointIntervalMs);
  timer.unref?.();

  /** The room's loaded projection, or `undefined` when the log cannot rebuild the session. */
  const ready = async (room: Room): Promise<RoomProjection | undefined> => {
    const rp = of(room) ?? load(room);
    if (await rp.ready) return rp;
    // Dropped meanwhile (a gap): a new projection answers, once.
    const next = of(room) ?? (rp.projection ? load(room) : undefined);
    return next && next !== rp && (await next.ready) ? next : undefined;
  };

  return {
    async position(room) {
      const rp = await ready(room);
      const seq = rp?.projection?.head().seq;
      return rp && seq !== undefined ? { epoch: rp.epoch, seq } : undefined;
    },

    async head(room, role) {
      const rp = await ready(room);
      return rp && serialize(rp, role);
    },

    delivered(room, event) {
      const rp = of(room);
      if (!rp) return;
      if (rp.buffer) rp.buffer.push(event);
      else fold(rp, event);
    },

    appended(sessionId, event) {
      // Skipped for a session whose room keeps a projection here: the room folds and saves it.
      if (live.has(sessionId)) return;
      dirty.add(sessionId);
      if (event.seq % checkpointEvery === 0) void checkpointFromLog(sessionId);
    },

    closed(room) {
      const rp = of(room);
      if (!rp) return;
      forget(rp);
      void saveRoom(rp);
    },

    async close() {
      timers.clearInterval(timer);
      for (const rp of live.values()) saveRoom(rp);
      for (const sessionId of dirty) checkpointFromLog(sessionId);
      await Promise.all(inflight);
    },
  };
}
