import type { Config, TopLevelSpec } from 'vega-lite';
import type { Rate } from '../ipc/protocol.js';
import type { MachineInfo } from '../report/machine.js';
import type { FanoutRow, ReplayRow } from '../report/rows.js';
import { orderStacks, stackColors } from './palette.js';

/** The fields of a `runs` row the charts read. */
export type ChartFanoutRow = Pick<FanoutRow, 'stack' | 'clients' | 'rate' | 'repetitions' | 'p99Ms' | 'cpuMsPer1k'> & {
  spread: Pick<FanoutRow['spread'], 'p99Ms' | 'cpuMsPer1k'>;
};

/** The fields of a `replay` row the charts read; reports before the quantiles have only the percentiles. */
export type ChartReplayRow = Pick<
  ReplayRow,
  'stack' | 'clients' | 'missed' | 'repetitions' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs'
> & {
  /** Catch-up ms at quantiles 0, 5, …, 100 % (21 values), element-wise median over the repetitions. */
  catchUpQuantilesMs?: readonly number[] | null | undefined;
};

/**
 * The part of `pnpm bench`'s JSON report the charts read: a whole report is one, and so is an older report without
 * the catch-up quantiles.
 *
 * @example
 * const report = JSON.parse(await readFile('bench/results/latest.json', 'utf8')) as ChartReport;
 */
export interface ChartReport {
  machine?: Pick<MachineInfo, 'cpuModel' | 'cores' | 'node' | 'startedAt'>;
  runs?: readonly ChartFanoutRow[];
  replay?: readonly ChartReplayRow[];
}

/** One bar: the median of a fan-out figure over the repetitions, with their min and max when known. */
export interface BarDatum {
  panel: string;
  rate: string;
  stack: string;
  value: number;
  min: number | null;
  max: number | null;
}

/** One point of a catch-up CDF: `share` of the scenario's clients held the last event `ms` after the reconnect. */
export interface CatchUpDatum {
  panel: string;
  stack: string;
  ms: number;
  share: number;
  /** `quantiles`: a point of the curve; `percentiles`: p50/p95/p99/max of a report without quantiles. */
  source: 'quantiles' | 'percentiles';
}

/** A fan-out figure charted with its spread. */
export type BarField = 'p99Ms' | 'cpuMsPer1k';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 260;
/** Past this ratio of the largest to the smallest bar in one panel, the smallest bars are too short to compare. */
const LOG_SCALE_RATIO = 20;
const QUANTILE_COUNT = 21;

const CONFIG: Config = {
  background: 'white',
  padding: 16,
  font: 'Helvetica, Arial, Liberation Sans, sans-serif',
  title: { fontSize: 18, subtitleFontSize: 13, subtitleColor: '#444', anchor: 'start', offset: 14 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', titleColor: '#222', gridColor: '#e8e8e8' },
  header: { labelFontSize: 14, labelFontWeight: 'bold', labelColor: '#222' },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 220 },
  view: { stroke: '#ccc' },
};

/**
 * A rate as the charts label it.
 *
 * @example
 * rateLabel(100); // '100/s'
 * rateLabel('max'); // 'max'
 */
export function rateLabel(rate: Rate): string {
  return rate === 'max' ? 'max' : `${rate}/s`;
}

const byRate = (a: Rate, b: Rate) => (a === 'max' ? 1 : 0) - (b === 'max' ? 1 : 0) || Number(a) - Number(b);
const rateOfLabel = (label: string): Rate => (label === 'max' ? 'max' : Number.parseFloat(label));
const fanoutPanel = (clients: number) => `${clients} clients`;
const replayPanel = (row: Pick<ChartReplayRow, 'clients' | 'missed'>) =>
  `${row.clients} clients x ${row.missed} missed`;
const distinct = <T>(values: Iterable<T>) => [...new Set(values)];

function sortedRows<R extends { stack: string }>(rows: readonly R[], ...keys: ((a: R, b: R) => number)[]): R[] {
  const stacks = orderStacks(rows.map((r) => r.stack));
  const byStack = (a: R, b: R) => stacks.indexOf(a.stack) - stacks.indexOf(b.stack);
  return [...rows].sort((a, b) => [...keys, byStack].reduce((d, key) => d || key(a, b), 0));
}

/**
 * The bars of one fan-out figure, ordered by clients, rate (10/s, 100/s, …, max) and stack; rows without the
 * figure (a failed measurement) are left out.
 *
 * @example
 * fanoutBars(report.runs ?? [], 'p99Ms')[0]; // { panel: '100 clients', rate: '10/s', stack: 'ws-once', value: 2.2, min: 1.9, max: 3.0 }
 */
export function fanoutBars(rows: readonly ChartFanoutRow[], field: BarField): BarDatum[] {
  return sortedRows(
    rows,
    (a, b) => a.clients - b.clients,
    (a, b) => byRate(a.rate, b.rate),
  ).flatMap((row) => {
    const value = row[field];
    if (value === null) return [];
    const spread = row.spread[field];
    return [
      {
        panel: fanoutPanel(row.clients),
        rate: rateLabel(row.rate),
        stack: row.stack,
        value,
        min: spread?.min ?? null,
        max: spread?.max ?? null,
      },
    ];
  });
}

/**
 * The points of each replay row's catch-up CDF, ordered by scenario and stack: its 21 quantiles when the report has
 * them, else its p50, p95, p99 and max.
 *
 * @example
 * catchUpPoints([{ stack: 'pollwire', clients: 100, missed: 1000, repetitions: 3, p50Ms: 210, p95Ms: 286, p99Ms: 293, maxMs: 297 }]);
 * // [{ panel: '100 clients x 1000 missed', stack: 'pollwire', ms: 210, share: 0.5, source: 'percentiles' }, …]
 */
export function catchUpPoints(rows: readonly ChartReplayRow[]): CatchUpDatum[] {
  return sortedRows(
    rows,
    (a, b) => a.clients - b.clients,
    (a, b) => a.missed - b.missed,
  ).flatMap((row): CatchUpDatum[] => {
    const base = { panel: replayPanel(row), stack: row.stack };
    const quantiles = row.catchUpQuantilesMs;
    if (quantiles && quantiles.length === QUANTILE_COUNT) {
      // A quantile no repetition measured is NaN in the row, null once in JSON: the curve skips it.
      return quantiles.flatMap((ms, i) =>
        Number.isFinite(ms) ? [{ ...base, ms, share: i / (QUANTILE_COUNT - 1), source: 'quantiles' as const }] : [],
      );
    }
    const percentiles: [number | null, number][] = [
      [row.p50Ms, 0.5],
      [row.p95Ms, 0.95],
      [row.p99Ms, 0.99],
      [row.maxMs, 1],
    ];
    return percentiles.flatMap(([ms, share]) => (ms === null ? [] : [{ ...base, ms, share, source: 'percentiles' }]));
  });
}

function repetitionsText(rows: readonly { repetitions: number }[]): string {
  const counts = distinct(rows.map((r) => r.repetitions)).sort((a, b) => a - b);
  const range = counts.length > 1 ? `${counts[0]}–${counts[counts.length - 1]}` : `${counts[0] ?? 0}`;
  return `${range} repetition${range === '1' ? '' : 's'}`;
}

function machineText(report: ChartReport): string[] {
  const m = report.machine;
  if (!m) return [];
  return [
    `Measured on ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, ${m.startedAt.slice(0, 10)}; compare within a run only.`,
  ];
}

function colorEncoding(stacks: string[]) {
  return {
    field: 'stack',
    type: 'nominal',
    sort: stacks,
    scale: { domain: stacks, range: stackColors(stacks) },
    legend: { title: 'Stack' },
  } as const;
}

function yScaleType(bars: readonly BarDatum[]): 'linear' | 'log' {
  const spans = distinct(bars.map((b) => b.panel)).map((panel) => {
    const values = bars.filter((b) => b.panel === panel && b.value > 0).map((b) => b.value);
    return Math.max(...values) / Math.min(...values);
  });
  return spans.some((span) => span > LOG_SCALE_RATIO) ? 'log' : 'linear';
}

function barChart(
  report: ChartReport,
  bars: BarDatum[],
  text: { title: string; what: string; y: string },
): TopLevelSpec | null {
  if (bars.length === 0) return null;
  const stacks = orderStacks(bars.map((b) => b.stack));
  const scale = yScaleType(bars);
  const panels = distinct(bars.map((b) => b.panel));
  const maxRate = bars.some((b) => b.rate === 'max') ? 'Rate max: as fast as the slowest client keeps up. ' : '';
  const y = { type: 'quantitative', title: text.y, scale: { type: scale } } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: text.title,
      subtitle: [
        `${text.what} Bars: median of ${repetitionsText(report.runs ?? [])}; whiskers: min–max.`,
        `${maxRate}${scale === 'log' ? 'Log y scale' : 'Linear y scale from 0'}${panels.length > 1 ? ', separate per panel' : ''}.`,
        ...machineText(report),
      ],
    },
    data: { values: bars },
    facet: {
      column: {
        field: 'panel',
        type: 'nominal',
        sort: panels,
        header: { title: null },
      },
    },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      encoding: {
        x: {
          field: 'rate',
          type: 'nominal',
          sort: distinct(bars.map((b) => b.rate)).sort((a, b) => byRate(rateOfLabel(a), rateOfLabel(b))),
          title: 'Send rate (events/s)',
          axis: { labelAngle: 0 },
        },
        xOffset: { field: 'stack', type: 'nominal', sort: stacks, scale: { paddingInner: 0.08 } },
        color: colorEncoding(stacks),
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { y: { field: 'value', stack: null, ...y } } },
        {
          transform: [{ filter: { field: 'min', valid: true } }, { filter: { field: 'max', valid: true } }],
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: { y: { field: 'min', ...y }, y2: { field: 'max' }, color: { value: '#222' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  };
}

/**
 * p99 delivery latency by rate and stack, one panel per client count, whiskers from the repetitions' min–max;
 * `null` when the report has no fan-out rows.
 *
 * @example
 * const spec = p99LatencySpec(report);
 * if (spec) await writeFile('p99-latency.svg', await renderSvg(spec));
 */
export function p99LatencySpec(report: ChartReport): TopLevelSpec | null {
  return barChart(report, fanoutBars(report.runs ?? [], 'p99Ms'), {
    title: 'p99 delivery latency by send rate',
    what: "From the server's send to the client's handler.",
    y: 'p99 latency (ms)',
  });
}

/**
 * Server CPU ms per 1,000 deliveries by rate and stack, laid out as {@link p99LatencySpec}; `null` when the report
 * has no fan-out rows.
 *
 * @example
 * const spec = cpuPerDeliverySpec(report);
 * if (spec) await writeFile('cpu-per-delivery.svg', await renderSvg(spec));
 */
export function cpuPerDeliverySpec(report: ChartReport): TopLevelSpec | null {
  return barChart(report, fanoutBars(report.runs ?? [], 'cpuMsPer1k'), {
    title: 'Server CPU per 1,000 deliveries',
    what: 'CPU time (user + system) of the server process.',
    y: 'Server CPU per 1,000 deliveries (ms)',
  });
}

/**
 * Replay catch-up CDFs, one panel per scenario (clients x missed events): a curve through the quantiles, or points
 * at p50/p95/p99/max for a report without them; `null` when the report has no replay rows.
 *
 * @example
 * const spec = replayCatchUpSpec(report);
 * if (spec) await writeFile('replay-catch-up.svg', await renderSvg(spec));
 */
export function replayCatchUpSpec(report: ChartReport): TopLevelSpec | null {
  const points = catchUpPoints(report.replay ?? []);
  if (points.length === 0) return null;
  const stacks = orderStacks(points.map((p) => p.stack));
  const sources = new Set(points.map((p) => p.source));
  const reps = repetitionsText(report.replay ?? []);
  const x = {
    field: 'ms',
    type: 'quantitative',
    title: 'Time since the reconnect (ms)',
    scale: { zero: true },
  } as const;
  const y = {
    field: 'share',
    type: 'quantitative' as const,
    title: 'Clients caught up (%)',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Replay catch-up after a reconnect',
      subtitle: [
        'Share of the clients holding the last missed event, by time since they all reconnected at once.',
        ...(sources.has('quantiles') ? [`Curves: catch-up at every 5 % of the clients, median of ${reps}.`] : []),
        ...(sources.has('percentiles')
          ? [`Points: p50, p95, p99 and max, median of ${reps} (report without quantiles).`]
          : []),
        ...machineText(report),
      ],
    },
    data: { values: points },
    facet: {
      column: { field: 'panel', type: 'nominal', sort: distinct(points.map((p) => p.panel)), header: { title: null } },
    },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      encoding: { color: colorEncoding(stacks) },
      layer: [
        {
          transform: [{ filter: { field: 'source', equal: 'quantiles' } }],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y, order: { field: 'share', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'source', equal: 'percentiles' } }],
          mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
          encoding: { x, y },
        },
      ],
    },
    config: CONFIG,
  };
}
