/** Counters by key. */
export function createCounter() {
  const counts = new Map<string, number>();
  return {
    add(key: string, by = 1) {
      counts.set(key, (counts.get(key) ?? 0) + by);
    },
    get: (key: string) => counts.get(key) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    entries: () => [...counts].sort(([a], [b]) => a.localeCompare(b)),
  };
}

export type Counter = ReturnType<typeof createCounter>;

/** The value at quantile `q` (nearest rank) of sorted `values`. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Rate of events over a sliding window. */
export function createRateMeter(now: () => number, windowMs = 1000) {
  const stamps: number[] = [];
  return {
    mark(count = 1) {
      const t = now();
      for (let i = 0; i < count; i++) stamps.push(t);
    },
    perSecond(): number {
      const cutoff = now() - windowMs;
      while (stamps.length > 0 && (stamps[0] as number) < cutoff) stamps.shift();
      return (stamps.length * 1000) / windowMs;
    },
  };
}

/** Everything the demo measures, shared by the audience, the views and the summary. */
export function createDemoMetrics(now: () => number = Date.now) {
  return {
    /** Deliveries to every simulated client, by event name. */
    deliveries: createCounter(),
    /** Live room events (not history, replay or state) the clients' handlers saw, by role. */
    liveByRole: createCounter(),
    /** Sockets the clients opened (first connects and reconnects). */
    connections: createCounter(),
    /** Clients' `resync` events, by reason. */
    resyncs: createCounter(),
    /** Milliseconds from the envelope's server timestamp to a client's handler, live room events only. */
    latenciesMs: [] as number[],
    /** `replayCount` of every `connection:reconnected`. */
    replaySizes: [] as number[],
    /** History sizes of fresh connects (`connection:established.historyCount`). */
    historySizes: [] as number[],
    rejections: createCounter(),
    /** Confirmed votes: `accepted` the first time, `repeated` for a deliberate re-send with the same requestId. */
    votes: createCounter(),
    rate: createRateMeter(now),
    /** Problems reported on the clients' `error` channel. */
    clientErrors: [] as string[],
  };
}

export type DemoMetrics = ReturnType<typeof createDemoMetrics>;
