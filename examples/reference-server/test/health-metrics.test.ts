import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { connectRedis, deleteKeys, REDIS_URL, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { READINESS_TIMEOUT_MS } from '../src/health.js';
import { createRedisServerBackends } from '../src/redis-backends.js';
import { type ReferenceServer, startReferenceServer } from '../src/server.js';
import { startCuttableProxy } from './cuttable-proxy.js';
import { connect, type Scenario, startScenario, voteFrame } from './harness.js';

const redisAvailable = await requireRedis({ suite: "the reference server's Redis readiness test" });

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};
const getJson = async (url: string) => {
  const { status, text } = await get(url);
  return { status, body: JSON.parse(text) as unknown };
};

/** Some traffic: a presenter and a participant connected, a poll activated, a vote. */
async function someActivity(scenario: Scenario) {
  const presenter = await connect(scenario.ws(scenario.presenterToken));
  const ann = await scenario.join('Ann');
  const participant = await connect(scenario.ws(ann.token));
  await participant.next((m) => m.event === 'connection:established');
  const poll = await scenario.poll({ question: 'Tea?', pollType: 'multiple_choice', options: ['Yes', 'No'] });
  await scenario.post('/start');
  await scenario.post(`/polls/${poll.pollId}/activate`);
  const optionId = (poll.options as { optionId: string }[])[0]!.optionId;
  participant.send(voteFrame(ann.participantId, poll.pollId, { selectedOptionIds: [optionId] }, 'v1'));
  await participant.next((m) => m.requestId === 'v1');
  await presenter.close();
  await participant.close();
}

/** A reader the test collects from by hand. */
class CollectingReader extends MetricReader {
  protected override onShutdown() {
    return Promise.resolve();
  }
  protected override onForceFlush() {
    return Promise.resolve();
  }
}

let scenario: Scenario | undefined;
let server: ReferenceServer | undefined;
afterEach(async () => {
  await scenario?.server.close();
  await server?.close();
  scenario = undefined;
  server = undefined;
});

describe('/healthz and /readyz', () => {
  it('answer 200 ok and 200 ready while the server takes clients', async () => {
    server = await startReferenceServer();
    expect(await getJson(server.healthUrl)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await getJson(server.readyUrl)).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await server.readiness()).toBe('ready');
    expect((await fetch(server.readyUrl, { method: 'HEAD' })).status).toBe(200);
  });

  it('name the failing readiness check in a 503, a slow check failing after the bound', async () => {
    let redisUp = false;
    server = await startReferenceServer({
      readinessChecks: {
        fast: () => true,
        redis: () => redisUp,
        slow: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), READINESS_TIMEOUT_MS + 500)),
      },
    });
    const started = performance.now();
    expect(await getJson(server.readyUrl)).toEqual({ status: 503, body: { status: 'redis_unavailable' } });
    expect(performance.now() - started).toBeLessThan(READINESS_TIMEOUT_MS + 400);
    redisUp = true;
    expect(await getJson(server.readyUrl)).toEqual({ status: 503, body: { status: 'slow_unavailable' } });
    expect(await getJson(server.healthUrl)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 draining once a drain started, while /healthz stays 200', async () => {
    server = await startReferenceServer();
    const drained = server.drain({ delayMs: 300, spreadMs: 0 });
    expect(server.draining).toBe(true);
    expect(await getJson(server.readyUrl)).toEqual({ status: 503, body: { status: 'draining' } });
    expect(await getJson(server.healthUrl)).toEqual({ status: 200, body: { status: 'ok' } });
    await drained;
  });
});

describe('/metrics', () => {
  it('serves the Prometheus text of Pollwire’s instruments after some activity', async () => {
    scenario = await startScenario();
    await someActivity(scenario);
    expect(scenario.server.metricsUrl).toBe(`${scenario.server.httpUrl}/metrics`);
    const scraped = await get(scenario.server.metricsUrl!);
    expect(scraped.status).toBe(200);
    expect(scraped.type).toMatch(/^text\/plain/);
    expect(scraped.text).toMatch(/^# HELP pollwire_\w+ \S/m);
    expect(scraped.text).toMatch(/^# TYPE pollwire_\w+ (counter|gauge|histogram)$/m);
    // Samples, not only metadata: e.g. `pollwire_…_total{…} 2`.
    expect(scraped.text).toMatch(/^pollwire_\w+(\{[^}]*\})? \d/m);
  });

  it('is not served with `metrics: false` (404)', async () => {
    server = await startReferenceServer({ metrics: false });
    expect(server.metricsUrl).toBeUndefined();
    expect((await get(`${server.httpUrl}/metrics`)).status).toBe(404);
  });

  it('is not served when the app brings its own meterProvider, which gets the instruments', async () => {
    const reader = new CollectingReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    scenario = await startScenario({ meterProvider });
    await someActivity(scenario);
    expect(scenario.server.metricsUrl).toBeUndefined();
    expect((await get(`${scenario.server.httpUrl}/metrics`)).status).toBe(404);
    const { resourceMetrics } = await reader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => m.descriptor.name));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^pollwire\./);
    await meterProvider.shutdown();
  });
});

describe.skipIf(!redisAvailable)('/readyz in Redis mode', () => {
  it('answers 503 redis_unavailable while Redis does not answer a PING, and 200 ready once it does again', async () => {
    const proxy = await startCuttableProxy(REDIS_URL);
    const prefix = redisTestPrefix('ref-readyz');
    const client = await connectRedis(proxy.url, { reconnectDelayMs: 50 });
    const backends = await createRedisServerBackends({ client, prefix, onError: () => undefined });
    const node = await startReferenceServer({ ...backends.options });
    await backends.attach(node.hub);
    try {
      expect(await getJson(node.readyUrl)).toEqual({ status: 200, body: { status: 'ready' } });
      await proxy.cut();
      expect(await getJson(node.readyUrl)).toEqual({ status: 503, body: { status: 'redis_unavailable' } });
      expect(await getJson(node.healthUrl)).toEqual({ status: 200, body: { status: 'ok' } });
      await proxy.restore();
      // node-redis reconnects (every 50 ms here); then the PING answers again.
      const deadline = performance.now() + 10_000;
      let ready = await getJson(node.readyUrl);
      while (ready.status !== 200 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        ready = await getJson(node.readyUrl);
      }
      expect(ready).toEqual({ status: 200, body: { status: 'ready' } });
    } finally {
      await node.close();
      await backends.close().catch(() => undefined);
      await client.close();
      await proxy.close();
      const redis = await connectRedis();
      await deleteKeys(redis, prefix);
      await redis.close();
    }
  });
});
