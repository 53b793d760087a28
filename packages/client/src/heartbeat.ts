import type { TimerHandle, Timers } from './timers.js';

/** Used until the server announces `heartbeatIntervalMs`. @default 30_000 */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

export interface HeartbeatMonitor {
  /**
   * Arms the monitor: two whole intervals without a frame call `onSilence`. It checks every half interval, so it
   * reports between two and two and a half intervals after the last frame.
   */
  start(intervalMs: number): void;
  stop(): void;
}

/** Half intervals without a frame that make a dead connection: two whole intervals. */
const SILENT_TICKS = 4;

// Frames are counted by the receive side, which every frame touches anyway: the monitor costs nothing per frame
// (no clock read, no write of its own). The timer compares the count every half interval.
class SilenceMonitor implements HeartbeatMonitor {
  #timer: TimerHandle | undefined;
  #tickMs = 0;
  #lastCount = 0;
  #silentTicks = 0;

  constructor(
    private readonly timers: Timers,
    private readonly framesReceived: () => number,
    private readonly onSilence: () => void,
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.#tickMs = intervalMs / 2;
    this.#lastCount = this.framesReceived();
    this.#silentTicks = 0;
    this.#arm();
  }

  stop(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    this.#timer = this.timers.setTimeout(() => {
      const count = this.framesReceived();
      if (count !== this.#lastCount) {
        this.#lastCount = count;
        this.#silentTicks = 0;
      } else if (++this.#silentTicks >= SILENT_TICKS) {
        this.#timer = undefined;
        this.onSilence();
        return;
      }
      this.#arm();
    }, this.#tickMs);
  }
}

/**
 * Detects a dead connection from a running count of inbound frames: a timer every half interval, nothing per frame.
 *
 * @example
 * const heartbeat = createHeartbeatMonitor(timers, () => sync.framesReceived, () => connection.restart('heartbeat_timeout'));
 * heartbeat.start(30_000);
 */
export function createHeartbeatMonitor(
  timers: Timers,
  framesReceived: () => number,
  onSilence: () => void,
): HeartbeatMonitor {
  return new SilenceMonitor(timers, framesReceived, onSilence);
}
