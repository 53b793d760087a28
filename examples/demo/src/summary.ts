import type { DemoMetrics } from './metrics.js';
import { quantile } from './metrics.js';
import type { ScenarioResult } from './scenario.js';

const table = (rows: [string, number | string][], indent = '  ') => {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`).join('\n');
};

/** The figures of a run, as printed and as asserted by the demo's test. */
export function summarize(metrics: DemoMetrics) {
  const latencies = [...metrics.latenciesMs].sort((a, b) => a - b);
  const replays = metrics.replaySizes;
  return {
    deliveries: metrics.deliveries.total(),
    latencyMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99) },
    liveSamples: latencies.length,
    replays: {
      count: replays.length,
      events: replays.reduce((a, b) => a + b, 0),
      max: Math.max(0, ...replays),
    },
    rejections: metrics.rejections.total(),
  };
}

/** The summary printed after a run. */
export function formatSummary(result: ScenarioResult, metrics: DemoMetrics): string {
  const figures = summarize(metrics);
  const { p50, p95, p99 } = figures.latencyMs;
  const replays = metrics.replaySizes;
  const sizes =
    replays.length === 0
      ? 'none'
      : `sizes min ${Math.min(...replays)} / median ${quantile(
          [...replays].sort((a, b) => a - b),
          0.5,
        )} / max ${figures.replays.max}`;
  const failed = result.checks.filter((c) => !c.ok).length;
  return [
    '',
    `Summary (${(result.durationMs / 1000).toFixed(1)} s)`,
    ' Room events logged by the server, by type:',
    table(result.loggedByType),
    ` Deliveries to simulated clients, by type (${figures.deliveries} in all):`,
    table(metrics.deliveries.entries()),
    ` Delivery latency, live room events (${figures.liveSamples} samples): p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms`,
    ` Connections opened: ${metrics.connections.total()} (${metrics.connections
      .entries()
      .map(([role, n]) => `${role} ${n}`)
      .join(', ')}); resyncs: ${metrics.resyncs.total()}`,
    ` Resumes: ${figures.replays.count}, ${figures.replays.events} events replayed (${sizes})`,
    ` Rejections by reason (${figures.rejections}):`,
    table(metrics.rejections.entries()),
    ' Checks:',
    ...result.checks.map((c) => `  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`),
    '',
    failed === 0 ? `All ${result.checks.length} checks passed.` : `${failed} of ${result.checks.length} checks FAILED.`,
    '',
  ].join('\n');
}
