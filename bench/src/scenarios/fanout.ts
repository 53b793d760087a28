import { cpuDeltaMs, sleep } from '../clock.js';
import type { Rate } from '../ipc/protocol.js';
import { summarizeLatencies } from '../stats/percentile.js';
import type { Deployment } from '../harness/deployment.js';

export interface FanoutPlan {
  clients: number;
  rate: Rate;
  durationMs: number;
  /** Time allowed after the last send for deliveries to land. */
  drainTimeoutMs: number;
  connectTimeoutMs: number;
  /** Cap on per-connection receipt slots, summed over connections (bounds client memory). */
  maxDeliveries: number;
  /** At `rate: 'max'`, events the server may run ahead of the slowest client. */
  window: number;
  /**
   * Events broadcast and delivered to every client before the measured window (not recorded): the first events
   * run through cold code on the server and in every client, which would otherwise dominate p99 of a short run.
   */
  warmupEvents: number;
  /**
   * Warm-up bursts of `warmupEvents`, each delivered before the next: enough deliveries for the optimizing compiler
   * to finish with the hot paths before measuring, without piling up more than one burst in socket buffers.
   */
  warmupRounds: number;
  /** The clients that get the `warmupRounds` (the first to connect); the rest connect after them. */
  warmupClients: number;
  /** Warm-up bursts to the whole room once it is connected, when it has more than `warmupClients`. */
  roomWarmupRounds: number;
}

/** Memory per connection is reported from this many connections up (below it, noise dominates). */
export const RSS_MIN_CLIENTS = 1000;

/**
 * Connections opened first when memory is measured: what they leave behind beyond the connections themselves
 * (code compiled by the first handshakes, heap spaces grown) is a cost per server, not per connection, and the
 * figure per added connection leaves it out.
 */
export const RSS_FIRST_CONNECTIONS = 50;

/** Figures of one repetition of one (stack, clients, rate). */
export interface FanoutFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveriesPerSec: number;
  cpuMsPer1k: number;
  userCpuMsPer1k: number;
  /** (RSS with C idle connections - RSS before the first) / C, as the issue defines it. */
  rssPerConnKB: number | null;
  /** (RSS with C idle connections - RSS with the first {@link RSS_FIRST_CONNECTIONS}) / the connections added. */
  rssPerAddedConnKB: number | null;
  /** Mean lost events per client. */
  lost: number;
  lostTotal: number;
  duplicates: number;
  events: number;
  /** Server CPU over the measured window, % of one core. */
  serverCpuPct: number;
  /** Busiest client process' CPU, % of one core (near 100: the client side was the bottleneck). */
  clientCpuPct: number;
  /** How far the server fell behind its send schedule (open-loop rates). */
  maxLagMs: number;
}

/** Idle memory of one deployment (see {@link measureIdleMemory}). */
export interface IdleMemory {
  rssPerConnKB: number;
  rssPerAddedConnKB: number;
}

/**
 * Server RSS per idle connection, on a deployment of its own: the server forces full GCs before reading RSS, and a
 * full GC may free the hidden classes that `ws` (or any library) built while sending the handshake frames. A send
 * site then meets new ones and V8 keeps it on its generic path for good. Fan-out runs never force a GC: otherwise
 * only the stacks that send frames while connecting (Pollwire, Socket.IO) would pay for it in their speed figures.
 */
export async function measureIdleMemory(
  deployment: Deployment,
  plan: Pick<FanoutPlan, 'clients' | 'connectTimeoutMs'>,
): Promise<IdleMemory> {
  const { server } = deployment;
  const before = await server.rpc.request('memory', undefined);
  await deployment.connect(RSS_FIRST_CONNECTIONS, plan.connectTimeoutMs);
  await sleep(250);
  const first = await server.rpc.request('memory', undefined);
  await deployment.connect(plan.clients, plan.connectTimeoutMs);
  await sleep(250);
  const after = await server.rpc.request('memory', undefined);
  return {
    rssPerConnKB: (after.rssBytes - before.rssBytes) / plan.clients / 1024,
    rssPerAddedConnKB: (after.rssBytes - first.rssBytes) / (plan.clients - RSS_FIRST_CONNECTIONS) / 1024,
  };
}

/** What connecting and warming up a deployment takes (the part of a {@link FanoutPlan} shared by its rates). */
export type FanoutWarmup = Pick<
  FanoutPlan,
  | 'clients'
  | 'connectTimeoutMs'
  | 'drainTimeoutMs'
  | 'warmupEvents'
  | 'warmupRounds'
  | 'warmupClients'
  | 'roomWarmupRounds'
>;

/** Sends `rounds` bursts of `events` through the pacer, each delivered to every connected client before the next. */
async function warmUpRounds(deployment: Deployment, rounds: number, events: number, drainTimeoutMs: number) {
  const { server, clients } = deployment;
  for (let round = 0; events > 0 && round < rounds; round++) {
    const warmFrom = (await server.rpc.request('status', undefined)).nextSeq;
    await Promise.all(clients.map((c) => c.rpc.request('arm', { firstSeq: warmFrom, capacity: events })));
    // Through the pacer, as the measured events go: code the optimizing compiler inlined into another caller (the
    // `burst` loop) would still be cold on the measured path, and tier up in the window.
    const warm = await server.rpc.request('fanout', {
      rate: 'max',
      durationMs: drainTimeoutMs,
      maxEvents: events,
      window: events,
    });
    const warmSeq = warm.firstSeq + warm.sendTimes.length - 1;
    if (!(await deployment.waitFor(warmSeq, drainTimeoutMs))) throw new Error('warm-up events not delivered');
  }
}

/**
 * Connects the plan's clients to a fresh deployment and warms it up, so that {@link runFanout} can then measure every
 * rate on it in turn. The code that runs once per event gets hot only after hundreds of events, whatever the room's
 * size, so those rounds go to the first `warmupClients` alone; the whole room then gets `roomWarmupRounds` more, for
 * the code that runs per socket and the connections that joined last.
 */
export async function warmUpFanout(deployment: Deployment, plan: FanoutWarmup): Promise<void> {
  await deployment.connect(Math.min(plan.clients, plan.warmupClients), plan.connectTimeoutMs);
  await sleep(250);
  await warmUpRounds(deployment, plan.warmupRounds, plan.warmupEvents, plan.drainTimeoutMs);
  if (plan.clients > plan.warmupClients) {
    await deployment.connect(plan.clients, plan.connectTimeoutMs);
    await sleep(250);
    await warmUpRounds(deployment, plan.roomWarmupRounds, plan.warmupEvents, plan.drainTimeoutMs);
  }
}

/**
 * One rate on a deployment that {@link warmUpFanout} prepared (or that measured another rate before): broadcast for
 * the plan's duration, wait for delivery, then gather latencies, losses and CPU. Memory comes from
 * {@link measureIdleMemory}.
 */
export async function runFanout(deployment: Deployment, plan: FanoutPlan): Promise<FanoutFigures> {
  const { server, clients } = deployment;
  const { nextSeq } = await server.rpc.request('status', undefined);
  const capacity =
    plan.rate === 'max'
      ? Math.max(1, Math.floor(plan.maxDeliveries / plan.clients))
      : Math.max(1, Math.floor((plan.durationMs * plan.rate) / 1000));
  await Promise.all(clients.map((c) => c.rpc.request('arm', { firstSeq: nextSeq, capacity })));

  const serverCpu0 = (await server.rpc.request('status', undefined)).cpu;
  const clientCpu0 = await Promise.all(clients.map((c) => c.rpc.request('cpu', undefined)));
  const wall0 = performance.now();
  const sent = await server.rpc.request('fanout', {
    rate: plan.rate,
    durationMs: plan.durationMs,
    maxEvents: capacity,
    window: plan.window,
  });
  const lastSeq = sent.firstSeq + sent.sendTimes.length - 1;
  await deployment.waitFor(lastSeq, plan.drainTimeoutMs);
  const serverCpu1 = (await server.rpc.request('status', undefined)).cpu;
  const clientCpu1 = await Promise.all(clients.map((c) => c.rpc.request('cpu', undefined)));
  const wallMs = performance.now() - wall0;

  const parts = await Promise.all(
    clients.map((c) => c.rpc.request('collect', { firstSeq: sent.firstSeq, sendTimes: sent.sendTimes })),
  );
  const latencies = new Float32Array(parts.reduce((n, p) => n + p.latencies.length, 0));
  let offset = 0;
  for (const part of parts) {
    latencies.set(part.latencies, offset);
    offset += part.latencies.length;
  }
  const summary = summarizeLatencies(latencies);
  const deliveries = parts.reduce((n, p) => n + p.deliveries, 0);
  const lostTotal = parts.reduce((n, p) => n + p.lost, 0);
  const lastReceipt = Math.max(...parts.map((p) => p.lastReceiptMs));
  // N events at a fixed rate occupy N intervals, not N - 1.
  const spanMs = lastReceipt - (sent.sendTimes[0] ?? lastReceipt) + (plan.rate === 'max' ? 0 : 1000 / plan.rate);
  const serverCpu = cpuDeltaMs(serverCpu0, serverCpu1);
  const clientCpuPct = Math.max(...clientCpu0.map((c0, i) => (cpuDeltaMs(c0, clientCpu1[i]!).totalMs / wallMs) * 100));

  return {
    p50Ms: summary.p50Ms,
    p95Ms: summary.p95Ms,
    p99Ms: summary.p99Ms,
    maxMs: summary.maxMs,
    deliveriesPerSec: spanMs > 0 ? (deliveries / spanMs) * 1000 : Number.NaN,
    cpuMsPer1k: deliveries > 0 ? (serverCpu.totalMs / deliveries) * 1000 : Number.NaN,
    userCpuMsPer1k: deliveries > 0 ? (serverCpu.userMs / deliveries) * 1000 : Number.NaN,
    rssPerConnKB: null,
    rssPerAddedConnKB: null,
    lost: lostTotal / plan.clients,
    lostTotal,
    duplicates: parts.reduce((n, p) => n + p.duplicates, 0),
    events: sent.sendTimes.length,
    serverCpuPct: (serverCpu.totalMs / wallMs) * 100,
    clientCpuPct,
    maxLagMs: sent.maxLagMs,
  };
}
