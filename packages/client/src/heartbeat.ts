import type { TimerHandle, Timers } from './timers.js';

/** Used until the server announces `heartbeatIntervalMs`. @default 30_000 */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

export interface HeartbeatMonitor {
  /** Arms the monitor: silence longer than twice `intervalMs` calls `onSilence`. */
  start(intervalMs: number): void;
  /** Any inbound frame proves the connection alive. */
  touch(): void;
  stop(): void;
}

/**
 * Detects a dead connection: one timer per silence window, re-armed lazily rather than on every frame.
 *
 * @example
 * const heartbeat = createHeartbeatMonitor(timers, () => connection.restart('heartbeat_timeout'));
 * heartbeat.start(30_000);
 */
export function createHeartbeatMonitor(timers: Timers, onSilence: () => void): HeartbeatMonitor {
  let timer: TimerHandle | undefined;
  let windowMs = 0;
  let lastSeen = 0;

  const arm = (delayMs: number) => {
    timer = timers.setTimeout(() => {
      const silentFor = timers.now() - lastSeen;
      if (silentFor >= windowMs) {
        timer = undefined;
        onSilence();
      } else arm(windowMs - silentFor);
    }, delayMs);
  };
  const stop = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };

  return {
    start(intervalMs) {
      stop();
      windowMs = 2 * intervalMs;
      lastSeen = timers.now();
      arm(windowMs);
    },
    touch() {
      lastSeen = timers.now();
    },
    stop,
  };
}
