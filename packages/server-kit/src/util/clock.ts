/** Source of the current time, injected so tests control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** ISO 8601 UTC timestamp of a clock reading. */
export const isoTime = (clock: Clock): string => new Date(clock.now()).toISOString();

/** A cancellable timer handle; `unref` keeps housekeeping from holding the process open. */
export interface TimerHandle {
  unref?(): unknown;
}

/** Timer functions, injected so tests can use fake timers or short intervals. */
export interface Timers {
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** The global timers (resolved at call time, so `vi.useFakeTimers()` applies). */
export const systemTimers: Timers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};
