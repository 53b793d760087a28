import { describe, expect, it } from 'vitest';
import { createRecorder } from './src/client/recorder.js';
import { fanoutFigures } from './src/report/figures.fixture.js';
import { repetitionOrder } from './src/harness/fanout-suite.js';
import {
  BARE_CLIENTS,
  BARE_CLIENTS_OTEL,
  FANOUT_STACKS,
  SOCKET_IO,
  SUBJECT_END_TO_END,
  WS_ONCE,
} from './src/harness/stacks.js';
import { parseOptions } from './src/options.js';
import { pace } from './src/server/pacer.js';
import { deploymentCpuPct, type FanoutRow, fanoutRow, fellBehind, type ReplayRow } from './src/report/rows.js';
import { checkTargets, keepsUp } from './src/report/targets.js';
import { fanoutTable, formatTable, spreadCell } from './src/report/table.js';
import type { FanoutFigures } from './src/scenarios/fanout.js';
import { percentile, summarizeLatencies } from './src/stats/percentile.js';
import { pairedRatio, ratio } from './src/stats/ratios.js';
import { spread } from './src/stats/repetitions.js';

const figures = fanoutFigures;

describe('percentile', () => {
  it('returns an observed value by nearest rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(10);
  });

  it('is NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarizeLatencies([]).maxMs).toBeNaN();
  });

  it('summarizes unsorted samples without mutating them', () => {
    const samples = Float32Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const summary = summarizeLatencies(samples);
    expect(summary).toEqual({ count: 1000, p50Ms: 500, p95Ms: 950, p99Ms: 990, maxMs: 1000 });
    expect(samples[0]).toBe(1000);
  });
});

describe('spread', () => {
  it('gives median, min and max of an odd and an even count', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('skips failed repetitions and is null when none succeeded', () => {
    expect(spread([null, 5, Number.NaN, 7])).toEqual({ median: 6, min: 5, max: 7 });
    expect(spread([null, undefined])).toBeNull();
  });
});

describe('ratios', () => {
  it('divides, and is null for a missing or zero baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(3, Number.NaN)).toBeNull();
  });

  it('pairs repetitions by index and summarizes the ratios', () => {
    expect(pairedRatio([2, 4, 6], [1, 2, 2])).toEqual({ median: 2, min: 2, max: 3 });
    expect(pairedRatio([2, null, 6, 8], [1, 2, 3])).toEqual({ median: 2, min: 2, max: 2 });
  });
});

describe('fanoutRow', () => {
  it('reports the median of the repetitions and paired ratios against the baselines', () => {
    const base = [figures({ cpuMsPer1k: 10 }), figures({ cpuMsPer1k: 20 }), figures({ cpuMsPer1k: 10 })];
    const subject = [figures({ cpuMsPer1k: 11 }), figures({ cpuMsPer1k: 30 }), null];
    const row = fanoutRow({ stack: 'pollwire', clients: 1000, rate: 10 }, subject, { 'ws-once': base }, ['boom']);
    expect(row.repetitions).toBe(2);
    expect(row.cpuMsPer1k).toBe(20.5);
    expect(row.spread.cpuMsPer1k).toEqual({ median: 20.5, min: 11, max: 30 });
    expect(row.ratios['ws-once']?.cpuMsPer1k?.min).toBeCloseTo(1.1);
    expect(row.ratios['ws-once']?.cpuMsPer1k?.max).toBeCloseTo(1.5);
    expect(row.errors).toEqual(['boom']);
    expect(row.clientBound).toBe(false);
  });

  it('flags a client-bound run', () => {
    const row = fanoutRow({ stack: 'x', clients: 100, rate: 'max' }, [figures({ clientCpuPct: 97 })], {}, []);
    expect(row.clientBound).toBe(true);
  });

  it('adds the busiest client process once per process to the server for the deployment CPU', () => {
    const row = fanoutRow(
      { stack: 'x', clients: 1000, rate: 'max' },
      [figures({ serverCpuPct: 57, clientCpuPct: 68 })],
      {},
      [],
    );
    expect(deploymentCpuPct(row, 2)).toBe(193);
    expect(deploymentCpuPct({ ...row, clientCpuPct: null }, 2)).toBeNull();
  });

  it('tells a server that fell five send intervals behind its schedule, at fixed rates only', () => {
    const at = (rate: 10 | 100 | 'max', lags: number[]) =>
      fanoutRow(
        { stack: 'x', clients: 1000, rate },
        lags.map((maxLagMs) => figures({ maxLagMs })),
        {},
        [],
      );
    expect(at(100, [12, 152, 88]).maxLagMs).toBe(88);
    expect(fellBehind(at(100, [12, 152, 88]))).toBe(true);
    expect(fellBehind(at(100, [12, 49, 20]))).toBe(false);
    expect(fellBehind(at(10, [88, 152, 120]))).toBe(false);
    expect(fellBehind(at('max', [900]))).toBe(false);
    const table = fanoutTable([at(100, [12, 152, 88]), at('max', [0])]).split('\n');
    const lagColumn = table[0]!.split(/\s{2,}/).indexOf('lag ms');
    expect(table[2]!.trim().split(/\s{2,}/)[lagColumn]).toBe('88');
    expect(table[3]!.trim().split(/\s{2,}/)[lagColumn]).toBe('-');
  });
});

describe('checkTargets', () => {
  const at = (
    stack: string,
    rate: 10 | 100 | 'max',
    over: Partial<FanoutFigures>,
    baselines: Record<string, Partial<FanoutFigures>> = {},
  ): FanoutRow =>
    fanoutRow(
      { stack, clients: 1000, rate },
      [figures(over)],
      Object.fromEntries(Object.entries(baselines).map(([name, b]) => [name, [figures(b)]])),
      [],
    );
  const floor = { deliveriesPerSec: 10_000, cpuMsPer1k: 10, p99Ms: 10, rssPerConnKB: 10 };

  it('holds the Pollwire server with bare clients to the floor, p99 only where the floor keeps up', () => {
    const ws = at('ws-once', 10, floor);
    const server = at(
      'pollwire/bare-clients',
      10,
      { cpuMsPer1k: 11.5, p99Ms: 11, rssPerConnKB: 13 },
      { 'ws-once': floor },
    );
    expect(keepsUp(ws)).toBe(true);
    const checks = checkTargets([ws, server], []).filter((c) => c.group === 'server efficiency');
    expect(checks.find((c) => c.target === 'cpu per delivery')?.status).toBe('missed'); // 1.15 > 1.10
    expect(checks.find((c) => c.target === 'p99')?.status).toBe('met');
    expect(checks.find((c) => c.target === 'memory per idle connection')).toMatchObject({
      where: 'C=1000',
      status: 'met',
    });
    const slowFloor = at('ws-once', 10, { ...floor, deliveriesPerSec: 9_000 });
    expect(checkTargets([slowFloor, server], []).some((c) => c.target === 'p99')).toBe(false);
  });

  it('checks memory once per client count, however many rates carry it', () => {
    const rows = (['max', 10, 100] as const).map((rate) =>
      at('pollwire/bare-clients', rate, { rssPerConnKB: 15 }, { 'ws-once': floor }),
    );
    const memory = checkTargets(rows, []).filter((c) => c.target === 'memory per idle connection');
    expect(memory).toHaveLength(1);
    expect(memory[0]?.status).toBe('missed'); // 1.5 > 1.4
  });

  it('holds the real client end to end to Socket.IO, with a looser p99 at max', () => {
    const sio = { p99Ms: 20, deliveriesPerSec: 50_000, cpuMsPer1k: 10 };
    const fixed = at('pollwire', 100, { p99Ms: 17, cpuMsPer1k: 8 }, { 'socket.io': sio });
    const max = at('pollwire', 'max', { p99Ms: 19, deliveriesPerSec: 60_000, cpuMsPer1k: 9.5 }, { 'socket.io': sio });
    const checks = checkTargets([fixed, max], []).filter((c) => c.group === 'end to end');
    expect(checks.map((c) => [c.where, c.target, c.status])).toEqual([
      ['C=1000 R=100', 'p99', 'missed'], // 0.85 > 0.8
      ['C=1000 R=100', 'server cpu per delivery', 'met'],
      ['C=1000 R=max', 'p99', 'met'], // 0.95 <= 1.0
      ['C=1000 R=max', 'deliveries/s', 'met'],
      ['C=1000 R=max', 'server cpu per delivery', 'missed'], // 0.95 > 0.9
    ]);
  });

  it("puts the floor's own ratio to Socket.IO beside each end-to-end figure", () => {
    const sio = { p99Ms: 10, cpuMsPer1k: 10 };
    const ws = at('ws-once', 100, { p99Ms: 9.5, cpuMsPer1k: 9.9 }, { 'socket.io': sio });
    const subject = at('pollwire', 100, { p99Ms: 9, cpuMsPer1k: 9.8 }, { 'socket.io': sio });
    const checks = checkTargets([ws, subject], []).filter((c) => c.group === 'end to end');
    expect(checks.map((c) => [c.target, c.status, c.floor?.median])).toEqual([
      ['p99', 'missed', 0.95],
      ['server cpu per delivery', 'missed', 0.99],
    ]);
  });

  it('reports the real client against the floor at C = 1000 without a target', () => {
    const info = checkTargets([at('pollwire', 'max', { p99Ms: 15 }, { 'ws-once': floor })], []).filter(
      (c) => c.group === 'information',
    );
    expect(info.map((c) => [c.target, c.status, c.ratio?.median])).toEqual([
      ['p99', 'info', 1.5],
      ['deliveries/s', 'info', 0.1],
    ]);
  });

  it("judges replay against Socket.IO's recovery, or against the floor where the floor cannot meet that", () => {
    const replayRow = (stack: string, p95: number, ratios: Record<string, number>): ReplayRow => ({
      stack,
      clients: 500,
      missed: 200,
      repetitions: 1,
      p50Ms: null,
      p95Ms: p95,
      p99Ms: null,
      maxMs: null,
      cpuUsPerReplayed: null,
      behind: 0,
      lostTotal: 0,
      duplicates: 0,
      recovered: 500,
      catchUpQuantilesMs: [],
      spread: {} as ReplayRow['spread'],
      ratios: Object.fromEntries(
        Object.entries(ratios).map(([name, r]) => [name, { p95Ms: { median: r, min: r, max: r } }]),
      ),
      errors: [],
    });
    const subject = replayRow('pollwire', 100, { 'socket.io+recovery': 0.55, 'ws-once+log': 1.02 });
    const fastFloor = replayRow('ws-once+log', 90, { 'socket.io+recovery': 0.45 });
    const slowFloor = replayRow('ws-once+log', 98, { 'socket.io+recovery': 0.56 });
    expect(checkTargets([], [fastFloor, subject])[0]).toMatchObject({
      baseline: 'socket.io+recovery',
      status: 'missed',
    });
    expect(checkTargets([], [slowFloor, subject])[0]).toMatchObject({ baseline: 'ws-once+log', status: 'met' });
  });

  it('holds the server with an OpenTelemetry SDK to 1.05x the CPU per delivery of the same server without one', () => {
    const bare = { cpuMsPer1k: 10 };
    const rows = (['max', 100] as const).map((rate, i) =>
      at(BARE_CLIENTS_OTEL, rate, { cpuMsPer1k: i === 0 ? 10.4 : 10.6 }, { [BARE_CLIENTS]: bare }),
    );
    const checks = checkTargets(rows, []).filter((c) => c.group === 'metrics cost');
    expect(checks.map((c) => [c.where, c.target, c.baseline, c.status])).toEqual([
      ['C=1000 R=max', 'cpu per delivery', BARE_CLIENTS, 'met'], // 1.04
      ['C=1000 R=100', 'cpu per delivery', BARE_CLIENTS, 'missed'], // 1.06
    ]);
    const alone = at(BARE_CLIENTS_OTEL, 100, bare);
    expect(checkTargets([alone], []).find((c) => c.group === 'metrics cost')?.status).toBe('n/a');
  });

  it('holds the client receive cost to twice socket.io-client, warm and cold', () => {
    const r = (median: number) => ({ median, min: median, max: median });
    const checks = checkTargets([], [], { warm: r(1.6), cold: r(2.3) });
    expect(checks.map((c) => [c.where, c.status])).toEqual([
      ['caches warm', 'met'],
      ['caches evicted', 'missed'],
    ]);
  });
});

describe('recorder', () => {
  it('tracks the watermark, losses, duplicates and latencies per delivery', () => {
    const recorder = createRecorder(2, 10, 3);
    recorder.record(0, 10, 101);
    recorder.record(1, 10, 102);
    recorder.record(0, 11, 111);
    recorder.record(0, 11, 112);
    recorder.record(0, 99, 1); // outside the window
    expect(recorder.watermark()).toBe(10);
    recorder.record(1, 11, 113);
    recorder.record(1, 12, 125);
    expect(recorder.watermark()).toBe(11);
    expect(recorder.missing()).toBe(1);
    const result = recorder.collect(Float64Array.from([100, 110, 120]));
    expect(result.deliveries).toBe(5);
    expect(result.lost).toBe(1);
    expect(result.maxLostPerConnection).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(Array.from(result.latencies)).toEqual([1, 1, 2, 3, 5]);
    expect(result.lastReceiptMs).toBe(125);
  });
});

describe('pace', () => {
  it('sends a fixed rate on an absolute schedule for the duration', async () => {
    let now = 0;
    let seq = 0;
    const result = await pace(
      { rate: 1000, durationMs: 5, maxEvents: 100, window: 1 },
      { broadcast: () => ++seq, watermark: () => 0, nextProgress: async () => {}, now: () => now++ },
    );
    expect(result.firstSeq).toBe(1);
    expect(result.sendTimes.length).toBe(5);
  });

  it('at max rate stays within the window of the slowest client and stops at maxEvents', async () => {
    let seq = 0;
    let watermark = 0;
    let maxAhead = 0;
    const result = await pace(
      { rate: 'max', durationMs: 60_000, maxEvents: 20, window: 3 },
      {
        broadcast: () => {
          seq++;
          maxAhead = Math.max(maxAhead, seq - watermark);
          return seq;
        },
        watermark: () => watermark,
        nextProgress: async () => {
          watermark = seq;
        },
      },
    );
    expect(result.sendTimes.length).toBe(20);
    expect(maxAhead).toBeLessThanOrEqual(3);
  });
});

describe('repetitionOrder', () => {
  const names = FANOUT_STACKS.filter((s) => !s.onlyWhenNamed).map((s) => s.name);
  const gap = (order: string[], a: string, b: string) => Math.abs(order.indexOf(a) - order.indexOf(b));

  it("runs each target's subject next to its baseline in every repetition", () => {
    for (const rep of [0, 1, 2, 3]) {
      const order = repetitionOrder(names, rep);
      expect(gap(order, BARE_CLIENTS, WS_ONCE)).toBe(1);
      expect(gap(order, SUBJECT_END_TO_END, SOCKET_IO)).toBe(1);
    }
  });

  it('runs a stack right after the one it is paired with, when both are named', () => {
    for (const stack of FANOUT_STACKS.filter((s) => s.pairedWith)) {
      const named = FANOUT_STACKS.filter((s) => [stack.name, stack.pairedWith, WS_ONCE].includes(s.name));
      for (const rep of [0, 1]) {
        const order = repetitionOrder(
          named.map((s) => s.name),
          rep,
        );
        expect(gap(order, stack.name, stack.pairedWith!)).toBe(1);
      }
    }
    expect(FANOUT_STACKS.find((s) => s.name === BARE_CLIENTS_OTEL)?.pairedWith).toBe(BARE_CLIENTS);
  });

  it('reverses the order every other repetition, so each of a pair runs first in half of them', () => {
    expect(repetitionOrder(names, 0)).toEqual(names);
    expect(repetitionOrder(names, 1)).toEqual([...names].reverse());
    expect(repetitionOrder(names, 2)).toEqual(names);
    expect(names).toEqual(['ws-once', 'pollwire/bare-clients', 'pollwire', 'socket.io']);
  });
});

describe('parseOptions', () => {
  it('has a quick plan without the max rate and accepts pnpm’s "--"', () => {
    const quick = parseOptions(['--', '--quick', '--out', '/tmp/x.json']);
    expect(quick.quick).toBe(true);
    expect(quick.rates).toEqual([10, 100]);
    expect(quick.repetitions).toBe(1);
    expect(quick.out).toBe('/tmp/x.json');
    const full = parseOptions(['--rates', '10,max', '--stacks', 'ws-once']);
    expect(full.repetitions).toBeGreaterThanOrEqual(3);
    expect(full.rates).toEqual([10, 'max']);
    expect(full.stacks).toEqual(['ws-once']);
  });

  it('rejects a malformed number', () => {
    expect(() => parseOptions(['--repetitions', '0'])).toThrow(/positive integer/);
  });
});

describe('formatTable', () => {
  it('aligns columns and renders missing values as "-"', () => {
    const text = formatTable(
      ['a', 'bb'],
      [
        ['x', 1],
        ['yy', null],
      ],
    );
    expect(text.split('\n')).toEqual(['a   bb', '--  --', 'x    1', 'yy   -']);
    expect(spreadCell({ median: 2, min: 1, max: 3 })).toBe('2.0 [1.0-3.0]');
    expect(spreadCell({ median: 2, min: 2, max: 2 })).toBe('2.0');
  });
});
