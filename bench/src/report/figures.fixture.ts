import type { FanoutFigures } from '../scenarios/fanout.js';

/** One repetition's fan-out figures for tests: round defaults, `over` replacing any of them. */
export const fanoutFigures = (over: Partial<FanoutFigures> = {}): FanoutFigures => ({
  p50Ms: 1,
  p95Ms: 2,
  p99Ms: 3,
  maxMs: 4,
  deliveriesPerSec: 1000,
  cpuMsPer1k: 10,
  userCpuMsPer1k: 5,
  rssPerConnKB: 10,
  rssPerAddedConnKB: 9,
  lost: 0,
  lostTotal: 0,
  duplicates: 0,
  events: 10,
  serverCpuPct: 50,
  clientCpuPct: 20,
  maxLagMs: 0,
  ...over,
});
