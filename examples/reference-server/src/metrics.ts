import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/** The path the reference server serves its Prometheus metrics on. */
export const METRICS_PATH = '/metrics';

/** `service.name` of the metrics' resource (`target_info` in Prometheus). */
export const DEFAULT_SERVICE_NAME = 'pollwire-reference-server';

/** An OpenTelemetry SDK `MeterProvider` whose only reader is a Prometheus exporter that starts no server of its own. */
export interface PrometheusMetrics {
  /** Pass it to `createPollwire` / `createRedisBackends` (as `meterProvider`): their instruments land here. */
  meterProvider: MeterProvider;
  /** Answers a request with every metric of `meterProvider` in the Prometheus text format. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Shuts the provider and its exporter down; idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Creates a `MeterProvider` read by a `PrometheusExporter` (`preventServerStart: true`), for serving `/metrics` from
 * an HTTP server of your own. The reference server makes one by default; make it yourself when something created
 * before the server needs the provider (e.g. `createRedisServerBackends({ meterProvider })`), then pass it as the
 * server's `metrics`.
 *
 * @param serviceName The resource's `service.name` (Prometheus' `target_info`). @default 'pollwire-reference-server'
 *
 * @example
 * const metrics = createPrometheusMetrics();
 * const backends = await createRedisServerBackends({ client, meterProvider: metrics.meterProvider });
 * const server = await startReferenceServer({ ...backends.options, metrics });
 * // … server.close(), backends.close(), then:
 * await metrics.shutdown();
 */
export function createPrometheusMetrics(serviceName = DEFAULT_SERVICE_NAME): PrometheusMetrics {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({
    readers: [exporter],
    resource: resourceFromAttributes({ 'service.name': serviceName }),
  });
  let shutdown: Promise<void> | undefined;
  return {
    meterProvider,
    handle: (request, response) => exporter.getMetricsRequestHandler(request, response),
    shutdown() {
      shutdown ??= meterProvider.shutdown();
      return shutdown;
    },
  };
}
