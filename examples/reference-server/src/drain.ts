import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hub } from '@pollwire/server-kit';

/** How `ReferenceServer.drain()` lets its clients go. */
export interface DrainOptions {
  /**
   * How long `/readyz` fails before anything else happens, while new upgrades are still accepted: set it above the
   * time your load balancer needs to take the node out (check interval × failures), so that the clients told to
   * leave are not sent back here.
   * @default 0 (nothing in front, or a load balancer that retries a refused upgrade elsewhere)
   */
  delayMs?: number;
  /**
   * The 1012 closes are spread over this long, so the nodes taking the clients over are not hit by the whole
   * audience in the same instant.
   * @default 1000 (a keynote audience of 10,000 arrives at ~500 handshakes per 50 ms tick, one second in all)
   */
  spreadMs?: number;
  /**
   * Once every socket was told to leave, how long to wait for the close handshakes (and HTTP requests in flight)
   * before cutting whatever is left and closing.
   * @default 10_000 (with the other defaults, the drain ends well within Kubernetes' 30 s grace period)
   */
  timeoutMs?: number;
}

/** Defaults of {@link DrainOptions}. */
export const DRAIN_DEFAULTS = { delayMs: 0, spreadMs: 1_000, timeoutMs: 10_000 } as const;

/** The sockets a drain waits for: upgraded (WebSocket) ones, and those with an HTTP request in flight. */
export interface BusySockets {
  /** Resolves `true` once there are none, or `false` after `timeoutMs`. */
  settled(timeoutMs: number): Promise<boolean>;
  /** Counts an upgrade request's socket until it closes (call it from the server's `upgrade` listener). */
  upgrading(socket: Duplex): void;
  /** Destroys the upgraded sockets still open (their clients never answered the close); returns how many. */
  destroyUpgraded(): number;
}

/**
 * Counts an HTTP server's busy sockets: its requests in flight, and the upgraded sockets it is told of (an idle
 * keep-alive socket is not busy: closing the server ends it).
 */
export function trackBusySockets(server: Server): BusySockets {
  const upgraded = new Set<Duplex>();
  let requests = 0;
  const waiters = new Set<() => void>();
  const count = () => upgraded.size + requests;
  const changed = () => {
    if (count() === 0) for (const wake of waiters) wake();
  };
  server.on('request', (_request, response) => {
    requests++;
    response.once('close', () => {
      requests--;
      changed();
    });
  });
  return {
    settled(timeoutMs) {
      if (count() === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (idle: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(idle);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(wake);
      });
    },
    upgrading(socket) {
      if (socket.destroyed) return;
      upgraded.add(socket);
      socket.once('close', () => {
        upgraded.delete(socket);
        changed();
      });
    },
    destroyUpgraded() {
      const left = [...upgraded];
      for (const socket of left) socket.destroy();
      return left.length;
    },
  };
}

/** What a drain acts on. */
export interface DrainTarget {
  /** Makes `/readyz` fail (and HTTP responses ask for `connection: close`). */
  markDraining(): void;
  hub: Pick<Hub, 'drain'>;
  sockets: BusySockets;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The drain sequence: readiness fails at once; after `delayMs` the hub drains (new upgrades get 503, open sockets
 * 1012, spread over `spreadMs`); then it waits up to `timeoutMs` for the sockets to go, destroys the WebSockets whose
 * clients never answered, and closes. It takes at most about `delayMs + spreadMs + timeoutMs`.
 */
export async function drainServer(target: DrainTarget, options: DrainOptions = {}): Promise<void> {
  const delayMs = options.delayMs ?? DRAIN_DEFAULTS.delayMs;
  const spreadMs = options.spreadMs ?? DRAIN_DEFAULTS.spreadMs;
  const timeoutMs = options.timeoutMs ?? DRAIN_DEFAULTS.timeoutMs;
  target.markDraining();
  if (delayMs > 0) await sleep(delayMs);
  await target.hub.drain({ spreadMs });
  if (!(await target.sockets.settled(timeoutMs))) target.sockets.destroyUpgraded();
  await target.close();
}
