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

class SilenceMonitor implements HeartbeatMonitor {
  #timer: TimerHandle | undefined;
  #windowMs = 0;
  #lastSeen = 0;

  constructor(
    private readonly timers: Timers,
    private readonly onSilence: () => void,
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.#windowMs = 2 * intervalMs;
    this.#lastSeen = this.timers.now();
    this.#arm(this.#windowMs);
  }

  touch(): void {
    this.#lastSeen = this.timers.now();
  }

  stop(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(delayMs: number): void {
    this.#timer = this.timers.setTimeout(() => {
      const silentFor = this.timers.now() - this.#lastSeen;
      if (silentFor >= this.#windowMs) {
        this.#timer = undefined;
        this.onSilence();
      } else this.#arm(this.#windowMs - silentFor);
    }, delayMs);
  }
}

/**
 * Detects a dead connection: one timer per silence window, re-armed lazily rather than on every frame.
 *
 * @example
 * const heartbeat = createHeartbeatMonitor(timers, () => connection.restart('heartbeat_timeout'));
 * heartbeat.start(30_000);
 */
export function createHeartbeatMonitor(timers: Timers, onSilence: () => void): HeartbeatMonitor {
  return new SilenceMonitor(timers, onSilence);
}
