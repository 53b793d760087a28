export interface BackoffOptions {
  /**
   * Cap of the first retry delay; attempt `n` waits a random time in `[0, min(maxDelayMs, minDelayMs * 2^n))`.
   * @default 500
   */
  minDelayMs?: number;
  /**
   * Largest delay.
   * @default 20_000
   */
  maxDelayMs?: number;
  /**
   * Random source in `[0, 1)`; inject a seeded one for deterministic tests.
   * @default Math.random
   */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { minDelayMs: 500, maxDelayMs: 20_000 } as const;

export interface Backoff {
  /** The delay before the next attempt; each call counts one attempt. */
  next(): number;
  /** Attempts since the last reset. */
  readonly attempt: number;
  /** Back to the first attempt (after a stable connection). */
  reset(): void;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog), as centrifuge-js does.
 *
 * @example
 * const backoff = createBackoff({ random: seeded(42) });
 * setTimeout(reconnect, backoff.next());
 */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const min = options.minDelayMs ?? DEFAULT_BACKOFF.minDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
  const random = options.random ?? Math.random;
  let attempt = 0;
  return {
    next() {
      // Cap the exponent so 2^attempt never overflows to Infinity on very long outages.
      const ceiling = Math.min(max, min * 2 ** Math.min(attempt, 30));
      attempt += 1;
      return Math.floor(random() * ceiling);
    },
    get attempt() {
      return attempt;
    },
    reset() {
      attempt = 0;
    },
  };
}
