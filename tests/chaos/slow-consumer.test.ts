import type { Socket } from 'node:net';
import { CLOSE_CODES } from '@pollwire/contracts';
import { type FrameRecorder, openRecorder } from '@pollwire/test-kit';
import WebSocket from 'ws';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { DEFAULT_MAX_BUFFERED_BYTES } from '@pollwire/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type TestSession } from '../support/api.js';
import { scaled } from '../support/knobs.js';
import { percentile, reportFigures, retainedHeapBytes, waitUntil } from '../support/report.js';

const EVENTS = scaled(3000, 10_000);
const READERS = 3;
const MiB = 1024 * 1024;
/** 10 options of 190 characters + a 500-character question: a ~4 KiB `poll:created` envelope. */
const OPTIONS = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(190, 'x'));

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0, maxEventsPerSession: 20_000 });
});
afterAll(() => server.close());

const socketOf = (recorder: FrameRecorder) => (recorder.ws as unknown as { _socket: Socket })._socket;

interface Run {
  latencies: number[];
  frameBytes: number;
  seconds: number;
  /** Index of the event after which the hub dropped the stalled socket. */
  closedAfter?: number;
  heapGrowthMiB: number;
  rssGrowthMiB: number;
}

/** Broadcasts EVENTS ~4 KiB events to READERS readers (and an optional stalled socket); measures reader latency. */
async function broadcastRun(session: TestSession, stalled?: FrameRecorder): Promise<Run> {
  // Bare readers that keep only arrival times, so process memory reflects the server, not recorded frames.
  const arrivals = Array.from({ length: READERS }, () => new Map<number, number>());
  const readers = await Promise.all(
    arrivals.map(
      (arrived) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${server.wsUrl}?token=${encodeURIComponent(session.presenterToken)}&history=0`);
          ws.on('message', (data) => {
            const text = data.toString();
            if (text.includes('"connection:established"')) resolve(ws);
            const seq = /"seq":(\d+)/.exec(text)?.[1];
            if (seq) arrived.set(Number(seq), performance.now());
          });
          ws.on('error', reject);
        }),
    ),
  );
  const sentAt = new Map<number, number>();
  const before = process.memoryUsage();
  const heapBefore = retainedHeapBytes();
  const started = performance.now();
  const connections = server.hub.connectionCount(session.sessionId);
  let closedAfter: number | undefined;
  let frameBytes = 0;
  for (let i = 0; i < EVENTS; i++) {
    const at = performance.now();
    const poll = await server.pollwire.service.createPoll(session.sessionId, {
      question: `${i}`.padEnd(500, 'q'),
      pollType: 'multiple_choice',
      options: OPTIONS,
    });
    void poll;
    const { lastSeq } = await server.hub.log.head(session.sessionId);
    sentAt.set(lastSeq, at);
    if (i === 0) frameBytes = Buffer.byteLength((await server.hub.log.history(session.sessionId)).frames.at(-1)!);
    if (stalled && closedAfter === undefined && server.hub.connectionCount(session.sessionId) < connections)
      closedAfter = i + 1;
    // Yield like a server between requests, so sockets get written.
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  const { lastSeq } = await server.hub.log.head(session.sessionId);
  await waitUntil(() => arrivals.every((a) => a.has(lastSeq)), 60_000, 'readers received everything');
  const seconds = (performance.now() - started) / 1000;
  const after = process.memoryUsage();
  const heapAfter = retainedHeapBytes();
  const latencies: number[] = [];
  for (const a of arrivals) {
    expect(a.size).toBe(EVENTS);
    for (const [seq, arrived] of a) latencies.push(arrived - sentAt.get(seq)!);
  }
  for (const reader of readers) reader.close();
  return {
    latencies,
    frameBytes,
    seconds,
    ...(closedAfter === undefined ? {} : { closedAfter }),
    heapGrowthMiB: (heapAfter - heapBefore) / MiB,
    rssGrowthMiB: (after.rss - before.rss) / MiB,
  };
}

describe('slow consumer', () => {
  it(`a socket that stops reading while ${EVENTS} × 4 KiB events are broadcast is closed 4409; memory bounded; ${READERS} readers not slowed`, async () => {
    const baseline = await broadcastRun(await createTestSession(server.httpUrl, 'baseline'));

    const session = await createTestSession(server.httpUrl, 'stalled');
    const stalled = await openRecorder(`${server.wsUrl}?token=${encodeURIComponent(session.presenterToken)}&history=0`);
    await stalled.next((m) => m.event === 'connection:established');
    socketOf(stalled).pause();
    const run = await broadcastRun(session, stalled);
    socketOf(stalled).resume();
    const closed = await stalled.closed;

    const figures = {
      events: EVENTS,
      frameBytes: run.frameBytes,
      capBytes: DEFAULT_MAX_BUFFERED_BYTES,
      closeCode: closed.code,
      closedAfterEvents: run.closedAfter ?? -1,
      closedAfterMiB: ((run.closedAfter ?? 0) * run.frameBytes) / MiB,
      baselineP50Ms: percentile(baseline.latencies, 50),
      baselineP99Ms: percentile(baseline.latencies, 99),
      withStalledP50Ms: percentile(run.latencies, 50),
      withStalledP99Ms: percentile(run.latencies, 99),
      baselineSeconds: baseline.seconds,
      withStalledSeconds: run.seconds,
      baselineHeapGrowthMiB: baseline.heapGrowthMiB,
      heapGrowthMiB: run.heapGrowthMiB,
      baselineRssGrowthMiB: baseline.rssGrowthMiB,
      rssGrowthMiB: run.rssGrowthMiB,
    };
    reportFigures('slow-consumer', figures);
    expect(closed.code).toBe(CLOSE_CODES.slowConsumer);
    expect(run.closedAfter).toBeDefined();
    // The kernel's loopback buffers take a few MiB before ws buffers anything; then the 1 MiB cap trips.
    expect(figures.closedAfterMiB).toBeLessThan(16);
    // The stalled socket costs the process (server and bare readers) little more than a run without it: what it
    // was not sent is not buffered (cap 1 MiB). Both runs also grow by the log's ~EVENTS × frameBytes.
    expect(run.heapGrowthMiB - baseline.heapGrowthMiB).toBeLessThan(32);
    // Not slowed: the readers' p50 latency stays within a few ms of the baseline (loaded 2-core runner).
    expect(figures.withStalledP50Ms).toBeLessThan(figures.baselineP50Ms * 3 + 20);
  }, 120_000);
});
