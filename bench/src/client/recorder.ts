import type { CollectResult } from '../ipc/protocol.js';

/**
 * Receipt times of events `firstSeq .. firstSeq + capacity - 1` per connection, and the watermark: the highest
 * seq every connection has received (so the harness can tell when a broadcast is fully delivered).
 */
export interface Recorder {
  record(connection: number, seq: number, at: number): void;
  watermark(): number;
  /** Receipt time of `seq` on `connection`, or NaN. */
  receivedAt(connection: number, seq: number): number;
  duplicates(): number;
  /** Events of the window not (yet) received, over all connections. */
  missing(): number;
  collect(sendTimes: Float64Array): CollectResult;
}

export function createRecorder(connections: number, firstSeq: number, capacity: number): Recorder {
  const times = Array.from({ length: connections }, () => new Float64Array(capacity));
  const holders = new Uint32Array(capacity);
  let complete = 0; // events received by every connection, counted from firstSeq
  let duplicates = 0;

  return {
    record(connection, seq, at) {
      const index = seq - firstSeq;
      const row = times[connection];
      if (!row || index < 0 || index >= capacity) return;
      if (row[index] !== 0) {
        duplicates++;
        return;
      }
      row[index] = at;
      holders[index]!++;
      while (complete < capacity && holders[complete] === connections) complete++;
    },
    watermark: () => firstSeq + complete - 1,
    receivedAt: (connection, seq) => {
      const at = times[connection]?.[seq - firstSeq] ?? 0;
      return at === 0 ? Number.NaN : at;
    },
    duplicates: () => duplicates,
    missing: () => {
      let received = 0;
      for (let i = 0; i < capacity; i++) received += holders[i]!;
      return connections * capacity - received;
    },
    collect(sendTimes) {
      const sent = Math.min(sendTimes.length, capacity);
      const latencies = new Float32Array(connections * sent);
      let deliveries = 0;
      let lastReceiptMs = 0;
      let maxLostPerConnection = 0;
      for (const row of times) {
        let lost = 0;
        for (let i = 0; i < sent; i++) {
          const at = row[i]!;
          if (at === 0) {
            lost++;
            continue;
          }
          latencies[deliveries++] = at - sendTimes[i]!;
          if (at > lastReceiptMs) lastReceiptMs = at;
        }
        maxLostPerConnection = Math.max(maxLostPerConnection, lost);
      }
      return {
        latencies: latencies.slice(0, deliveries),
        deliveries,
        lost: connections * sent - deliveries,
        duplicates,
        maxLostPerConnection,
        lastReceiptMs,
      };
    },
  };
}
