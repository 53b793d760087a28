import { CLOSE_CODES } from '@pollwire/contracts/client';
import type { LoggedEvent } from '../log/types.js';
import type { PollwireMetrics } from '../telemetry/metrics.js';
import { isForPresenters } from './audience.js';
import type { Connection } from './connection.js';
import type { Room } from './rooms.js';

export interface DeliveryOptions {
  /** Live room events held for a connection while its handshake is being sent; beyond it, close 4409. */
  maxPendingEvents: number;
  /** Sends a live frame (the sender's slow-consumer-capped `sendLive`). */
  sendLive(conn: Connection, frame: string): boolean;
  metrics: PollwireMetrics;
}

/**
 * Room events to connections, each exactly once and in seq order, the same serialized frame to every socket;
 * presenters-only events (attendance) to presenters only.
 */
export interface Delivery {
  /** Fans a logged event out to its room: sent to live connections, held for those still in their handshake. */
  fanOut(room: Room, event: LoggedEvent): void;
  /** Ends a connection's handshake: it has every event up to `lastSeq`; sends what it was held after that. */
  goLive(conn: Connection, lastSeq: number): void;
}

/** Creates the room fan-out. */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { maxPendingEvents, sendLive, metrics } = options;

  /** Whether a frame was written. */
  const push = (conn: Connection, event: LoggedEvent): boolean => {
    if (event.seq <= conn.lastSeq) return false;
    conn.lastSeq = event.seq;
    return sendLive(conn, event.frame);
  };

  return {
    fanOut(room, event) {
      if (event.seq <= room.lastDeliveredSeq) return;
      room.lastDeliveredSeq = event.seq;
      const started = performance.now();
      const presentersOnly = isForPresenters(event.frame);
      let presenters = 0;
      let participants = 0;
      for (const conn of room.connections) {
        const isPresenter = conn.identity.role === 'presenter';
        if (presentersOnly && !isPresenter) continue;
        if (conn.phase === 'handshake') {
          conn.pending ??= [];
          const pending = conn.pending;
          pending.push(event);
          if (pending.length > maxPendingEvents) conn.close(CLOSE_CODES.slowConsumer, 'slow consumer');
        } else if (conn.phase === 'live' && push(conn, event)) {
          if (isPresenter) presenters++;
          else participants++;
        }
      }
      metrics.fannedOut(presenters, participants, (performance.now() - started) / 1000);
    },

    goLive(conn, lastSeq) {
      conn.lastSeq = lastSeq;
      const pending = conn.pending ?? [];
      conn.pending = undefined;
      conn.phase = 'live';
      let sent = 0;
      for (const event of pending) if (push(conn, event)) sent++;
      metrics.deliveredHeld(conn.identity.role, sent);
    },
  };
}
