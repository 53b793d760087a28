import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { BenchTelemetry } from './pollwire.js';

/** How often the server's metrics are collected and serialized: a harsh bound (Prometheus scrapes every 15-60 s). */
export const SCRAPE_INTERVAL_MS = 1_000;

/**
 * An OpenTelemetry SDK that really exports: a `MeterProvider` read by a `PrometheusExporter` that starts no HTTP
 * server (`preventServerStart`, as the reference server's `/metrics` does), and a timer in this process doing what a
 * scrape makes the exporter do, every `intervalMs`: `collect()`, then serialize to the Prometheus text format with
 * the exporter's default options. Only the HTTP request and response of a real scrape (a few KB) are left out.
 * On close, one line on stderr (the bench's log) says how many scrapes ran, what they took and what the last held.
 */
export function prometheusScrapes(intervalMs = SCRAPE_INTERVAL_MS): () => BenchTelemetry {
  return () => {
    const exporter = new PrometheusExporter({ preventServerStart: true });
    const serializer = new PrometheusSerializer();
    const meterProvider = new MeterProvider({ readers: [exporter] });
    const tookMs: number[] = [];
    let lastText = '';
    let inFlight: Promise<void> | undefined;
    const scrape = async () => {
      const started = performance.now();
      const { resourceMetrics, errors } = await exporter.collect();
      if (errors.length > 0) process.stderr.write(`prometheus scrape: ${errors.map(String).join('; ')}\n`);
      lastText = serializer.serialize(resourceMetrics);
      tookMs.push(performance.now() - started);
    };
    const timer = setInterval(() => {
      inFlight ??= scrape()
        .catch((error: unknown) => {
          process.stderr.write(`prometheus scrape failed: ${String(error)}\n`);
        })
        .finally(() => {
          inFlight = undefined;
        });
    }, intervalMs);
    timer.unref();

    return {
      meterProvider,
      async close() {
        clearInterval(timer);
        await inFlight;
        const sorted = [...tookMs].sort((a, b) => a - b);
        const ms = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(2));
        const deliveries = lastText.match(/^pollwire_server_deliveries_total\{[^}]*\} (\S+)/m)?.[1] ?? 'none';
        process.stderr.write(
          `prometheus scrapes: ${tookMs.length} every ${intervalMs} ms, collect + serialize ms median ` +
            `${ms(sorted[sorted.length >> 1])} [${ms(sorted[0])}-${ms(sorted.at(-1))}], last ${lastText.length} B, ` +
            `pollwire_server_deliveries_total ${deliveries}\n`,
        );
        await meterProvider.shutdown();
      },
    };
  };
}
