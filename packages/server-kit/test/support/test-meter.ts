import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** A reader collected on demand (no export timer). */
class OnDemandReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** One data point, flattened: a sum's value, or a histogram's count and sum. */
export interface Point {
  name: string;
  attributes: Record<string, unknown>;
  value: number;
  sum?: number;
}

/** A real OpenTelemetry SDK meter provider, read by the test whenever it wants. */
export function createTestMeter() {
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });

  const collect = async (): Promise<Point[]> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    const points: Point[] = [];
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints) {
          const { name } = metric.descriptor;
          const attributes = point.attributes as Record<string, unknown>;
          if (metric.dataPointType === DataPointType.HISTOGRAM) {
            const value = point.value as { count: number; sum?: number };
            points.push({ name, attributes, value: value.count, sum: value.sum ?? 0 });
          } else points.push({ name, attributes, value: point.value as number });
        }
      }
    }
    return points;
  };

  return {
    meterProvider,
    collect,
    /** The sum (or histogram count) of `name` over the points whose attributes include `attributes`. */
    async value(name: string, attributes: Record<string, unknown> = {}): Promise<number> {
      const points = await collect();
      return points
        .filter((p) => p.name === name && Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))
        .reduce((total, p) => total + p.value, 0);
    },
    shutdown: () => meterProvider.shutdown(),
  };
}
