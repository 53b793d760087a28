import type { Rate } from '../ipc/protocol.js';
import type { ChartReport, ChartFanoutRow, ChartReplayRow } from './specs.js';

const spreadOf = (value: number | null) =>
  value === null ? null : { median: value, min: value * 0.9, max: value * 1.2 };

/**
 * A fan-out row of the charts' fixtures: its CPU figure is a tenth of its p99.
 *
 * @example
 * fanoutRow('pollwire', 100, 'max', 11.5);
 */
export function fanoutRow(stack: string, clients: number, rate: Rate, p99Ms: number | null): ChartFanoutRow {
  const cpuMsPer1k = p99Ms === null ? null : p99Ms / 10;
  return {
    stack,
    clients,
    rate,
    repetitions: 3,
    p99Ms,
    cpuMsPer1k,
    spread: { p99Ms: spreadOf(p99Ms), cpuMsPer1k: spreadOf(cpuMsPer1k) },
  };
}

/**
 * A replay row of the charts' fixtures, with 21 catch-up quantiles from p50 / 2 to max when `quantiles` is set.
 *
 * @example
 * replayRow('pollwire', 100, 1000, { quantiles: true });
 */
export function replayRow(stack: string, clients: number, missed: number, { quantiles = false } = {}): ChartReplayRow {
  const p50Ms = 200;
  const maxMs = 400;
  const row = { stack, clients, missed, repetitions: 3, p50Ms, p95Ms: 380, p99Ms: 395, maxMs };
  return quantiles
    ? { ...row, catchUpQuantilesMs: Array.from({ length: 21 }, (_, i) => p50Ms / 2 + ((maxMs - p50Ms / 2) * i) / 20) }
    : row;
}

/**
 * Two client counts, rates 10/s and max, and four stacks (one the charts do not know), listed out of chart order;
 * two replay scenarios for three stacks, without quantiles.
 *
 * @example
 * p99LatencySpec(fixtureReport());
 */
export function fixtureReport(): ChartReport {
  const stacks = ['socket.io', 'zeta', 'pollwire', 'ws-once'];
  return {
    machine: { cpuModel: 'Test CPU', cores: 2, node: 'v20.20.2', startedAt: '2026-11-27T14:04:43.545Z' },
    runs: [1000, 100].flatMap((clients) =>
      (['max', 10] as Rate[]).flatMap((rate) =>
        stacks.map((stack, i) => fanoutRow(stack, clients, rate, (clients / 100) * (rate === 'max' ? 4 : 2) + i)),
      ),
    ),
    replay: [
      replayRow('pollwire', 500, 200),
      replayRow('ws-once+log', 500, 200),
      replayRow('socket.io+recovery', 100, 1000),
      replayRow('pollwire', 100, 1000),
      replayRow('ws-once+log', 100, 1000),
    ],
  };
}
