import { cpuDeltaMs, sleep } from '../clock.js';
import type { Deployment } from '../harness/deployment.js';
import { quantiles, summarizeLatencies } from '../stats/percentile.js';

export interface ReplayPlan {
  clients: number;
  /** Events broadcast while every client is away. */
  missed: number;
  connectTimeoutMs: number;
  /** Time allowed for every client to catch up. */
  catchUpTimeoutMs: number;
}

export interface ReplayFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Clients that never caught up in time. */
  behind: number;
  lostTotal: number;
  duplicates: number;
  /** Clients the stack resumed (rather than starting afresh). */
  recovered: number;
  cpuUsPerReplayed: number;
  /** Catch-up time at the quantiles 0, 5, …, 100 % of the clients that caught up (the distribution's shape). */
  quantilesMs: number[];
}

/** Steps of {@link ReplayFigures.quantilesMs}: every 5 %. */
export const REPLAY_QUANTILE_STEPS = 20;

/**
 * One repetition: every client receives one event (so it holds a cursor), all drop at once, the server broadcasts
 * `missed` events to the empty room, then all reconnect at once; catch-up time runs from each client process'
 * reconnect command until the connection holds the last event.
 */
export async function runReplay(deployment: Deployment, plan: ReplayPlan): Promise<ReplayFigures> {
  const { server, clients } = deployment;
  await deployment.connect(plan.clients, plan.connectTimeoutMs);
  const { nextSeq } = await server.rpc.request('status', undefined);
  await Promise.all(clients.map((c) => c.rpc.request('arm', { firstSeq: nextSeq, capacity: 1 })));
  const { lastSeq: warmSeq } = await server.rpc.request('burst', { count: 1 });
  if (!(await deployment.waitFor(warmSeq, plan.connectTimeoutMs))) throw new Error('warm-up event not delivered');

  await Promise.all(clients.map((c) => c.rpc.request('drop', undefined)));
  if (!(await deployment.waitForConnections(0, plan.connectTimeoutMs))) throw new Error('server still holds sockets');
  const { lastSeq } = await server.rpc.request('burst', { count: plan.missed });
  await Promise.all(clients.map((c) => c.rpc.request('arm', { firstSeq: warmSeq + 1, capacity: plan.missed })));
  await sleep(100);

  const cpu0 = (await server.rpc.request('status', undefined)).cpu;
  const parts = await Promise.all(
    clients.map((c) =>
      c.rpc.request('resume', { targetSeq: lastSeq, timeoutMs: plan.catchUpTimeoutMs }, plan.catchUpTimeoutMs + 30_000),
    ),
  );
  const cpu1 = (await server.rpc.request('status', undefined)).cpu;

  const times = parts.flatMap((p) => Array.from(p.catchUpMs));
  const caughtUp = times.filter((t) => Number.isFinite(t));
  const summary = summarizeLatencies(caughtUp);
  const replayed = plan.clients * plan.missed - parts.reduce((n, p) => n + p.lost, 0);
  return {
    p50Ms: summary.p50Ms,
    p95Ms: summary.p95Ms,
    p99Ms: summary.p99Ms,
    maxMs: summary.maxMs,
    behind: times.length - caughtUp.length,
    lostTotal: parts.reduce((n, p) => n + p.lost, 0),
    duplicates: parts.reduce((n, p) => n + p.duplicates, 0),
    recovered: parts.reduce((n, p) => n + p.recovered, 0),
    cpuUsPerReplayed: replayed > 0 ? (cpuDeltaMs(cpu0, cpu1).totalMs * 1000) / replayed : Number.NaN,
    quantilesMs: quantiles(caughtUp, REPLAY_QUANTILE_STEPS),
  };
}
