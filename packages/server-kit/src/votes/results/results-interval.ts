/** How the results interval of a room follows its audience. */
export interface ResultsIntervalOptions {
  /**
   * Rooms with fewer participants get one results broadcast per vote.
   * @default 50
   */
  smallRoom?: number;
  /**
   * Results deliveries per second a room may cost (broadcasts × participants).
   * @default 20_000
   */
  deliveriesPerSecond?: number;
  /**
   * The shortest interval between two results broadcasts of a poll, above the small-room threshold.
   * @default 200
   */
  minIntervalMs?: number;
}

export const DEFAULT_RESULTS_INTERVAL = { smallRoom: 50, deliveriesPerSecond: 20_000, minIntervalMs: 200 } as const;

/**
 * The results interval of a room of `audience` participants: `0` (every vote) below `smallRoom`, else
 * `max(minIntervalMs, ceil(audience × 1000 / deliveriesPerSecond))`, so that a poll's results cost the room at most
 * `deliveriesPerSecond` deliveries, and each participant at most `1000 / minIntervalMs` frames, per second.
 *
 * @example
 * resultsIntervalMs(10_000); // 500
 * resultsIntervalMs(1_000); // 200
 * resultsIntervalMs(20); // 0
 */
export function resultsIntervalMs(audience: number, options: ResultsIntervalOptions = {}): number {
  const { smallRoom, deliveriesPerSecond, minIntervalMs } = { ...DEFAULT_RESULTS_INTERVAL, ...options };
  if (audience < smallRoom) return 0;
  return Math.max(minIntervalMs, Math.ceil((audience * 1000) / deliveriesPerSecond));
}
