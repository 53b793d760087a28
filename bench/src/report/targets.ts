import {
  BARE_CLIENTS,
  BARE_CLIENTS_OTEL,
  SOCKET_IO,
  SOCKET_IO_RECOVERY,
  SUBJECT_END_TO_END,
  WS_ONCE,
  WS_ONCE_LOG,
} from '../harness/stacks.js';
import { RSS_MIN_CLIENTS } from '../scenarios/fanout.js';
import type { Spread } from '../stats/repetitions.js';
import type { FanoutRow, ReplayRow } from './rows.js';

/** The questions the targets answer, and the figures reported beside them without one. */
export const TARGET_GROUPS = [
  'server efficiency',
  'metrics cost',
  'end to end',
  'client receive cost',
  'replay',
  'information',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface TargetCheck {
  group: TargetGroup;
  /** What is compared, e.g. `cpu per delivery` (the limit and baseline are fields of their own). */
  target: string;
  /** The stack measured, and the one its ratio is taken against. */
  subject: string;
  baseline: string;
  where: string;
  /** The paired ratio over the repetitions: its median is what the limit applies to. */
  ratio: Spread | null;
  /**
   * End to end only: the floor's own ratio to the same baseline, for the same figure. Where it too is past the
   * limit, no server could have met the target on that machine at that point.
   */
  floor?: Spread | null;
  /** `null` for a figure reported without a target (group `information`). */
  limit: number | null;
  /** `higher`: the ratio must be at least `limit`. */
  direction: 'lower' | 'higher';
  status: 'met' | 'missed' | 'n/a' | 'info';
}

/** The client-frame micro-bench's paired ratios (see `measureClientFrame`). */
export interface ClientFrameRatios {
  /** `@pollwire/client` ns per frame / socket.io-client's, caches warm and evicted before each frame. */
  warm: Spread | null;
  cold: Spread | null;
}

export const LIMITS = {
  serverCpu: 1.1,
  serverP99: 1.2,
  serverDeliveries: 0.95,
  serverMemory: 1.4,
  /** Server CPU per delivery with an OpenTelemetry SDK installed and exporting, against none (issue 35). */
  metricsCpu: 1.05,
  endToEndP99Fixed: 0.8,
  endToEndP99Max: 1.0,
  endToEndDeliveries: 1.0,
  endToEndCpu: 0.9,
  clientFrame: 2.0,
  replayVsSocketIo: 0.5,
  replayVsFloor: 1.05,
} as const;

interface CheckSpec {
  group: TargetGroup;
  target: string;
  subject: string;
  baseline: string;
  where: string;
  ratio: Spread | null | undefined;
  limit: number | null;
  direction?: TargetCheck['direction'];
  floor?: Spread | null | undefined;
}

function check({ direction = 'lower', ratio = null, floor, ...spec }: CheckSpec): TargetCheck {
  const measured = ratio?.median;
  const status =
    spec.limit === null
      ? 'info'
      : measured === undefined
        ? 'n/a'
        : (direction === 'lower' ? measured <= spec.limit : measured >= spec.limit)
          ? 'met'
          : 'missed';
  return { ...spec, ratio, direction, status, ...(floor === undefined ? {} : { floor }) };
}

/** A baseline row "keeps up" when it delivered at least 95% of what the rate asks for. */
export function keepsUp(row: FanoutRow | undefined): boolean {
  if (!row || row.rate === 'max' || row.deliveriesPerSec === null) return false;
  return row.deliveriesPerSec >= 0.95 * row.clients * row.rate;
}

const whereOf = (row: FanoutRow) => `C=${row.clients} R=${row.rate}`;
const hasIdleMemory = (row: FanoutRow) => row.clients >= RSS_MIN_CLIENTS && row.rssPerConnKB !== null;

/** The Pollwire server driven by the floor's bare clients, against the floor. */
function serverEfficiency(runs: FanoutRow[]): TargetCheck[] {
  return runs
    .filter((r) => r.stack === BARE_CLIENTS)
    .flatMap((row) => {
      const vs = row.ratios[WS_ONCE];
      const floor = runs.find((r) => r.stack === WS_ONCE && r.clients === row.clients && r.rate === row.rate);
      const base = {
        group: 'server efficiency',
        subject: BARE_CLIENTS,
        baseline: WS_ONCE,
        where: whereOf(row),
      } as const;
      return [
        check({ ...base, target: 'cpu per delivery', ratio: vs?.cpuMsPer1k, limit: LIMITS.serverCpu }),
        ...(keepsUp(floor) ? [check({ ...base, target: 'p99', ratio: vs?.p99Ms, limit: LIMITS.serverP99 })] : []),
        ...(row.rate === 'max'
          ? [
              check({
                ...base,
                target: 'deliveries/s',
                ratio: vs?.deliveriesPerSec,
                limit: LIMITS.serverDeliveries,
                direction: 'higher',
              }),
            ]
          : []),
      ];
    });
}

/** Idle memory is measured once per C and repetition, and every rate's row carries it: one check per C. */
function serverMemory(runs: FanoutRow[]): TargetCheck[] {
  const firstPerC = runs.filter(
    (r, i) =>
      r.stack === BARE_CLIENTS &&
      hasIdleMemory(r) &&
      runs.findIndex((o) => o.stack === r.stack && o.clients === r.clients) === i,
  );
  return firstPerC.map((row) =>
    check({
      group: 'server efficiency',
      subject: BARE_CLIENTS,
      baseline: WS_ONCE,
      where: `C=${row.clients}`,
      target: 'memory per idle connection',
      ratio: row.ratios[WS_ONCE]?.rssPerConnKB,
      limit: LIMITS.serverMemory,
    }),
  );
}

/**
 * The Pollwire server with an OpenTelemetry SDK installed and exporting, against the same server without one, at
 * every C and R both ran (the points of the server-efficiency CPU target). The otel stack runs only when named.
 */
function metricsCost(runs: FanoutRow[]): TargetCheck[] {
  return runs
    .filter((r) => r.stack === BARE_CLIENTS_OTEL)
    .map((row) =>
      check({
        group: 'metrics cost',
        target: 'cpu per delivery',
        subject: BARE_CLIENTS_OTEL,
        baseline: BARE_CLIENTS,
        where: whereOf(row),
        ratio: row.ratios[BARE_CLIENTS]?.cpuMsPer1k,
        limit: LIMITS.metricsCpu,
      }),
    );
}

/** The real server and client against Socket.IO's, each delivering what it can; the floor's own ratio beside each. */
function endToEnd(runs: FanoutRow[]): TargetCheck[] {
  return runs
    .filter((r) => r.stack === SUBJECT_END_TO_END)
    .flatMap((row) => {
      const vs = row.ratios[SOCKET_IO];
      const floor = runs.find((r) => r.stack === WS_ONCE && r.clients === row.clients && r.rate === row.rate)?.ratios[
        SOCKET_IO
      ];
      const base = {
        group: 'end to end',
        subject: SUBJECT_END_TO_END,
        baseline: SOCKET_IO,
        where: whereOf(row),
      } as const;
      const atMax = row.rate === 'max';
      return [
        check({
          ...base,
          target: 'p99',
          ratio: vs?.p99Ms,
          limit: atMax ? LIMITS.endToEndP99Max : LIMITS.endToEndP99Fixed,
          floor: floor?.p99Ms ?? null,
        }),
        ...(atMax
          ? [
              check({
                ...base,
                target: 'deliveries/s',
                ratio: vs?.deliveriesPerSec,
                limit: LIMITS.endToEndDeliveries,
                direction: 'higher',
                floor: floor?.deliveriesPerSec ?? null,
              }),
            ]
          : []),
        check({
          ...base,
          target: 'server cpu per delivery',
          ratio: vs?.cpuMsPer1k,
          limit: LIMITS.endToEndCpu,
          floor: floor?.cpuMsPer1k ?? null,
        }),
      ];
    });
}

/**
 * Catch-up p95 against Socket.IO's recovery; where the floor itself is above that limit (the reconnects, not the
 * replay, set the time), against the floor instead.
 */
function replayTargets(replay: ReplayRow[]): TargetCheck[] {
  return replay
    .filter((r) => r.stack === SUBJECT_END_TO_END)
    .map((row) => {
      const where = `${row.clients} x ${row.missed}`;
      const floor = replay.find((r) => r.stack === WS_ONCE_LOG && r.clients === row.clients && r.missed === row.missed);
      const floorVsSio = floor?.ratios[SOCKET_IO_RECOVERY]?.p95Ms?.median;
      const base = { group: 'replay', subject: SUBJECT_END_TO_END, where, target: 'catch-up p95' } as const;
      return floorVsSio !== undefined && floorVsSio > LIMITS.replayVsSocketIo
        ? check({ ...base, baseline: WS_ONCE_LOG, ratio: row.ratios[WS_ONCE_LOG]?.p95Ms, limit: LIMITS.replayVsFloor })
        : check({
            ...base,
            baseline: SOCKET_IO_RECOVERY,
            ratio: row.ratios[SOCKET_IO_RECOVERY]?.p95Ms,
            limit: LIMITS.replayVsSocketIo,
          });
    });
}

/**
 * The real client against the floor at C = 1000: reported, with no target, since the client processes share the
 * cores with the server there and every microsecond of client work shows as server time.
 */
function information(runs: FanoutRow[]): TargetCheck[] {
  return runs
    .filter((r) => r.stack === SUBJECT_END_TO_END && r.clients >= 1000)
    .flatMap((row) => {
      const vs = row.ratios[WS_ONCE];
      const base = {
        group: 'information',
        subject: SUBJECT_END_TO_END,
        baseline: WS_ONCE,
        where: whereOf(row),
        limit: null,
      } as const;
      return [
        check({ ...base, target: 'p99', ratio: vs?.p99Ms }),
        ...(row.rate === 'max' ? [check({ ...base, target: 'deliveries/s', ratio: vs?.deliveriesPerSec })] : []),
      ];
    });
}

/**
 * The benchmark issue's targets, as paired ratios of each subject against its baseline measured in the same run.
 *
 * @example
 * const missed = checkTargets(runs, replay, clientFrameRatios).filter((t) => t.status === 'missed');
 */
export function checkTargets(
  runs: FanoutRow[],
  replay: ReplayRow[],
  clientFrame: ClientFrameRatios | null = null,
): TargetCheck[] {
  const frame = (where: string, ratio: Spread | null) =>
    check({
      group: 'client receive cost',
      target: 'ns per frame',
      subject: '@pollwire/client',
      baseline: 'socket.io-client',
      where,
      ratio,
      limit: LIMITS.clientFrame,
    });
  return [
    ...serverEfficiency(runs),
    ...serverMemory(runs),
    ...metricsCost(runs),
    ...endToEnd(runs),
    ...(clientFrame ? [frame('caches warm', clientFrame.warm), frame('caches evicted', clientFrame.cold)] : []),
    ...replayTargets(replay),
    ...information(runs),
  ];
}

/** `<= 1.1x ws-once` */
export const limitText = (t: TargetCheck) =>
  t.limit === null ? 'no target' : `${t.direction === 'lower' ? '<=' : '>='} ${t.limit}x ${t.baseline}`;
