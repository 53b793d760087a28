import { CLOSE_CODES } from '@pollwire/contracts/client';
import type { Timers } from '../util/clock.js';
import type { Connection } from './connection.js';

/** How `hub.drain()` lets the clients go. */
export interface DrainOptions {
  /**
   * The closes are spread evenly over this long, so that the nodes taking the clients over are not hit by the whole
   * audience in one instant. `0` closes every connection at once.
   * @default 0
   */
  spreadMs?: number;
}

/** Slices of a spread drain are this far apart. */
export const DRAIN_TICK_MS = 50;

/**
 * Closes `connections` with 1012 (`serviceRestart`: clients reconnect at once, elsewhere) in equal slices over
 * `spreadMs`; settles once the last slice was closed.
 */
export function drainConnections(connections: readonly Connection[], timers: Timers, spreadMs: number): Promise<void> {
  const close = (conn: Connection) => conn.close(CLOSE_CODES.serviceRestart, 'server draining');
  const ticks = Math.ceil(Math.max(0, spreadMs) / DRAIN_TICK_MS);
  if (ticks <= 1 || connections.length <= 1) {
    for (const conn of connections) close(conn);
    return Promise.resolve();
  }
  const perTick = Math.ceil(connections.length / ticks);
  let next = 0;
  const slice = () => {
    const end = Math.min(connections.length, next + perTick);
    for (; next < end; next++) close(connections[next] as Connection);
  };
  slice();
  return new Promise((resolve) => {
    const handle = timers.setInterval(() => {
      slice();
      if (next < connections.length) return;
      timers.clearInterval(handle);
      resolve();
    }, DRAIN_TICK_MS);
  });
}
