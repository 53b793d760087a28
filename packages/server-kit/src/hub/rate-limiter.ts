import type { Clock } from '../util/clock.js';

export interface RateLimitOptions {
  /**
   * Frames a connection may send in a burst.
   * @default 30
   */
  burst?: number;
  /**
   * Frames per second refilled.
   * @default 10
   */
  perSecond?: number;
  /**
   * Frames dropped in a row (without an allowed frame between) before the connection is closed with 4408.
   * @default 20
   */
  closeAfterDropped?: number;
}

export const DEFAULT_RATE_LIMIT = { burst: 30, perSecond: 10, closeAfterDropped: 20 } as const;

/** What to do with one incoming frame. */
export type RateDecision = 'allow' | 'drop-and-warn' | 'drop' | 'close';

/** A token bucket per connection. */
export interface RateLimiter {
  take(): RateDecision;
}

/** Token bucket: `burst` capacity, refilled at `perSecond`; warns once per dropping streak, closes when it persists. */
export function createRateLimiter(options: RateLimitOptions, clock: Clock): RateLimiter {
  const burst = options.burst ?? DEFAULT_RATE_LIMIT.burst;
  const perSecond = options.perSecond ?? DEFAULT_RATE_LIMIT.perSecond;
  const closeAfter = options.closeAfterDropped ?? DEFAULT_RATE_LIMIT.closeAfterDropped;
  let tokens = burst;
  let last = clock.now();
  let dropped = 0;
  return {
    take() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        dropped = 0;
        return 'allow';
      }
      dropped += 1;
      if (dropped > closeAfter) return 'close';
      return dropped === 1 ? 'drop-and-warn' : 'drop';
    },
  };
}
