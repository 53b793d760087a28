import type { CollectResult } from '../ipc/protocol.js';

/**
 * Receipt times of events `firstSeq .. firstSeq + capacity - 1` per connection, and the watermark: the highest
 * seq every connection has received (so the harness can tell when a broadcast is fully delivered).
 */
export interface Recorder {
  record(connection: number, seq: number, at: number): void;
  /** The connection holds every event up to `seq` from `at` on (a state snapshot): records those it had not. */
  cover(connection: number, seq: number, at: number): void;
  watermark(): number;
  /** Receipt time of `seq` on `connection`, or NaN. */
  receivedAt(connection: number, seq: number): number;
  duplicates(): number;
  /** Events of the window not (yet) received, over all connections. */
  missing(): number;
  collect(sendTimes: Float64Array): CollectResult;
}

export function createRecorder(connections: number, firstSeq: number, capacity: number): Recorder {
  // Event-major: one event's receipts on every connection lie side by side, so recording a broadcast touches
  // consecutive cache lines instead of one line in each connection's own row.
  const times = new Float64Array(connections * capacity);
  const holders = new Uint32Array(capacity);
  let complete = 0; // events received by every connection, counted from firstSeq
  let duplicates = 0;
  const slot = (connection: number, index: number) => index * connections + connection;

  return {
    record(connection, seq, at) {
      const index = seq - firstSeq;
      if (connection < 0 || connection >= connections || index < 0 || index >= capacity) return;
      const at0 = slot(connection, index);
      if (times[at0] !== 0) {
        duplicates++;
        return;
      }
      times[at0] = at;
      holders[index]!++;
      while (complete < capacity && holders[complete] === connections) complete++;
    },
    cover(connection, seq, at) {
      if (connection < 0 || connection >= connections) return;
      const last = Math.min(seq - firstSeq, capacity - 1);
      for (let index = 0; index <= last; index++) {
        const at0 = slot(connection, index);
        if (times[at0] !== 0) continue;
        times[at0] = at;
        holders[index]!++;
      }
      while (complete < capacity && holders[complete] === connections) complete++;
    },
    watermark: () => firstSeq + complete - 1,
    receivedAt: (connection, seq) => {
      const index = seq - firstSeq;
      if (connection < 0 || connection >= connections || index < 0 || index >= capacity) return Number.NaN;
      const at = times[slot(connection, index)]!;
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
      for (let connection = 0; connection < connections; connection++) {
        let lost = 0;
        for (let i = 0; i < sent; i++) {
          const at = times[slot(connection, i)]!;
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
