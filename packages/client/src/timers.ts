/** An opaque timer handle (a number in browsers, an object in Node). */
export type TimerHandle = unknown;

/** The clock and timers the client runs on; inject fakes to make tests deterministic. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Milliseconds since the epoch. */
  now(): number;
}

/**
 * The host's timers, looked up on every call so test fakes installed later (e.g. `vi.useFakeTimers()`) apply.
 */
export const defaultTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
