import { CLOSE_CODES, CONTRACT_HASH, ERROR_CODES } from '@pollwire/contracts/client';
import { buildConnectionEstablished, buildConnectionReconnected } from '../builders/connection.js';
import { isUnavailable } from '../errors.js';
import type { ReplayLog } from '../log/types.js';
import type { PollwireLogger } from '../telemetry/logger.js';
import type { PollwireMetrics } from '../telemetry/metrics.js';
import { type Clock, isoTime } from '../util/clock.js';
import { framesFor } from './audience.js';
import type { BatchSender } from './batches.js';
import { type CatchUp, type ConnectOptions, planCatchUp } from './catch-up.js';
import type { Connection } from './connection.js';
import type { HubOptions } from './options.js';
import type { ParticipantTracker } from './participants.js';
import type { RoomRegistry } from './rooms.js';
import type { Sender } from './sender.js';
import { encodeSnapshotFrame } from './snapshot-frame.js';
import type { OwnVotesLookup, Snapshots } from './snapshots.js';
import { encodeUnicast } from './unicast.js';

export interface HandshakeOptions {
  log: ReplayLog;
  rooms: RoomRegistry;
  clock: Clock;
  heartbeatIntervalMs: number;
  serverVersion: string;
  /** The hub's options: `restoreSession` is looked up per handshake. */
  hooks: Pick<HubOptions, 'restoreSession'>;
  sender: Sender;
  batches: BatchSender;
  snapshots: Snapshots;
  /** A resume missing more events than this gets the snapshot. */
  replayLimit: number;
  /** A participant's own votes, for their snapshots. */
  ownVotes: OwnVotesLookup | undefined;
  /** Ends the handshake: sends the live events held meanwhile. */
  goLive(conn: Connection, lastSeq: number): void;
  participants: ParticipantTracker;
  metrics: PollwireMetrics;
  logger: PollwireLogger;
  onError(error: unknown): void;
}

/** Runs a connection's handshake; settles (never rejects) once it was sent or the connection was closed. */
export type Handshake = (conn: Connection, connect: ConnectOptions) => Promise<void>;

/** `connection:established` or `connection:reconnected`, announcing what the catch-up will send. */
const encodeHello = (
  conn: Connection,
  clock: Clock,
  plan: CatchUp,
  frames: readonly string[],
  heartbeatIntervalMs: number,
  serverVersion: string,
): string => {
  const base = {
    connectionId: conn.id,
    timestamp: isoTime(clock),
    heartbeatIntervalMs,
    cursor: plan.cursor,
    role: conn.identity.role,
  };
  return plan.kind === 'established'
    ? encodeUnicast(
        conn,
        clock,
        'connection:established',
        buildConnectionEstablished({
          ...base,
          serverVersion,
          contractHash: CONTRACT_HASH,
          ...(plan.snapshot
            ? { snapshot: true }
            : { historyCount: frames.length, historyComplete: plan.historyComplete }),
        }),
      )
    : encodeUnicast(
        conn,
        clock,
        'connection:reconnected',
        buildConnectionReconnected({
          ...base,
          replayFrom: plan.replayFrom,
          replayCount: frames.length,
          resync: plan.resync,
          snapshot: plan.snapshot !== undefined,
        }),
      );
};

/**
 * Creates the handshake: the connection joins its room (buffering live events) before the log or the projection is
 * read, gets the hello and the session's state (`session:synchronized`), its replay or its history, then goes live
 * from the seq after it and counts as attending. A failed handshake closes the connection with 1001.
 */
export function createHandshake(options: HandshakeOptions): Handshake {
  const { log, rooms, clock, heartbeatIntervalMs, serverVersion, hooks, sender, batches, goLive, participants } =
    options;
  const { snapshots, replayLimit, ownVotes, metrics, logger } = options;

  /** What the catch-up served: replay and snapshot sizes, resyncs (logged too). */
  const observe = (conn: Connection, plan: CatchUp, frames: readonly string[], state: string | undefined) => {
    if (state !== undefined) metrics.snapshotServed(Buffer.byteLength(state));
    if (plan.kind !== 'reconnected') return;
    if (state === undefined && plan.resync === undefined) metrics.replayServed(frames.length);
    if (plan.resync) {
      metrics.resync(plan.resync.reason);
      const { role, sessionId } = conn.identity;
      logger.info({
        event: 'pollwire.resync',
        reason: plan.resync.reason,
        snapshot: state !== undefined,
        role,
        sessionId,
        connectionId: conn.id,
      });
    }
  };

  /** The snapshot frame for `conn`: the room's shared payload with the participant's own votes. */
  const snapshotFrame = async (conn: Connection, plan: CatchUp): Promise<string | undefined> => {
    if (!plan.snapshot) return undefined;
    const { participantId, role, sessionId } = conn.identity;
    const mine =
      role === 'participant' && participantId !== undefined && ownVotes && plan.snapshot.pollIds.length > 0
        ? await ownVotes(sessionId, participantId, plan.snapshot.pollIds)
        : [];
    return encodeSnapshotFrame(conn, clock, plan.snapshot.payload, mine);
  };

  const shake = async (conn: Connection, connect: ConnectOptions) => {
    const { sessionId } = conn.identity;
    // Registered (buffering) before the log is read: every event appended from now on reaches `pending`.
    const room = rooms.open(sessionId);
    room.connections.add(conn);
    await room.subscription;
    if (hooks.restoreSession && !room.logged) {
      if ((await log.head(sessionId)).lastSeq === 0) await hooks.restoreSession(sessionId);
      room.logged = true;
    }
    const plan = await planCatchUp({
      log,
      sessionId,
      connect,
      replayLimit,
      position: () => snapshots.position(room),
      snapshot: () => snapshots.head(room, conn.identity.role),
    });
    const state = await snapshotFrame(conn, plan);
    const frames = framesFor(conn, plan.frames);
    const hello = encodeHello(conn, clock, plan, frames, heartbeatIntervalMs, serverVersion);
    if (conn.isClosed()) return;
    observe(conn, plan, frames, state);
    sender.send(conn, hello);
    if (state !== undefined) sender.send(conn, state);
    batches.send(conn, frames);
    if (conn.isClosed()) return;
    goLive(conn, plan.lastSeq);
    participants.update(conn, true);
  };

  return (conn, connect) =>
    shake(conn, connect).catch((error: unknown) => {
      options.onError(error);
      if (conn.phase === 'closed') return;
      if (isUnavailable(error)) sender.error(conn, ERROR_CODES.unavailable, 'replay log unavailable', {});
      conn.close(CLOSE_CODES.goingAway, 'handshake failed');
    });
}
