import { CLOSE_CODES } from '@pollwire/contracts/client';
import { buildConnectionHeartbeat } from '../builders/connection.js';
import { type Clock, isoTime, type Timers } from '../util/clock.js';
import type { Connection } from './connection.js';
import type { Sender } from './sender.js';

export interface HeartbeatOptions {
  timers: Timers;
  clock: Clock;
  /** Sweep interval; a connection silent for two intervals is terminated. */
  intervalMs: number;
  /** The open connections at sweep time (a copy: a sweep closes some). */
  connections(): Iterable<Connection>;
  sender: Sender;
  onError(error: unknown): void;
}

/** Stops the sweep. */
export type StopHeartbeat = () => void;

/**
 * Starts the heartbeat sweep: closes connections whose credential expired (4401), terminates those silent for two
 * intervals, and sends the live ones `connection:heartbeat` and a transport ping. The timer does not hold the
 * process open.
 */
export function startHeartbeat(options: HeartbeatOptions): StopHeartbeat {
  const { timers, clock, intervalMs, sender, onError } = options;
  const handle = timers.setInterval(() => {
    const now = clock.now();
    for (const conn of options.connections()) {
      if (conn.identity.expiresAt !== undefined && now >= conn.identity.expiresAt) {
        conn.close(CLOSE_CODES.unauthorized, 'credential expired');
      } else if (now - conn.lastSeen >= 2 * intervalMs) {
        conn.close(CLOSE_CODES.goingAway, 'heartbeat timeout', true);
      } else if (conn.phase === 'live') {
        sender.unicast(conn, 'connection:heartbeat', buildConnectionHeartbeat(isoTime(clock)));
        try {
          conn.socket.ping?.();
        } catch (error) {
          onError(error);
        }
      }
    }
  }, intervalMs);
  handle.unref?.();
  return () => timers.clearInterval(handle);
}
