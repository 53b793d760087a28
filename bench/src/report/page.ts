import type { Rate } from '../ipc/protocol.js';
import type { Spread } from '../stats/repetitions.js';
import { SOCKET_IO, WS_ONCE } from '../harness/stacks.js';
import type { BenchReport } from './report.js';
import type { FanoutRow } from './rows.js';
import { TARGET_GROUPS, type TargetCheck, type TargetGroup } from './targets.js';

/** The generated part of `docs/benchmarks.md` lies between these lines; the rest of the page is written by hand. */
export const PAGE_START = '<!-- bench:results:start -->';
export const PAGE_END = '<!-- bench:results:end -->';

/** Subjects and baselines of each target group, as the page names them. */
const GROUP_TITLES: Record<TargetGroup, string> = {
  'server efficiency': 'Server efficiency: the Pollwire server with the floor’s bare clients, against `ws-once`',
  'metrics cost':
    'Metrics cost: the Pollwire server with an OpenTelemetry SDK installed and exporting, against the same server without one',
  'end to end': 'End to end: Pollwire’s server and client, against Socket.IO’s',
  'client receive cost': 'Client receive cost: `@pollwire/client` per frame, against socket.io-client’s receive path',
  replay: 'Replay catch-up p95',
  information: 'Information, no target: the real client against `ws-once` at C = 1000',
};

const STATUS: Record<TargetCheck['status'], string> = { met: '✅ met', missed: '❌ missed', 'n/a': 'n/a', info: '' };

/** `12.3 (11.0–14.2)`; the median alone when min and max agree or there was one repetition. */
export function spreadText(value: Spread | null | undefined, digits = 1): string {
  if (!value) return '–';
  const f = (n: number) =>
    n.toLocaleString('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: n >= 10_000,
    });
  return value.min === value.max ? f(value.median) : `${f(value.median)} (${f(value.min)}–${f(value.max)})`;
}

const ratioText = (value: Spread | null | undefined) => (value ? `${value.median.toFixed(2)}×` : '–');
/** A stack's ratio to a baseline, none to itself. */
const ratioTo = (r: FanoutRow, baseline: string, field: 'p99Ms' | 'cpuMsPer1k') =>
  r.stack === baseline ? '–' : ratioText(r.ratios[baseline]?.[field]);
const rateText = (rate: Rate) => (rate === 'max' ? 'max' : `${rate}/s`);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (header: string[], rows: (string | number)[][]) =>
  [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');

function limitText(t: TargetCheck): string {
  return t.limit === null ? '' : ` (${t.direction === 'lower' ? '≤' : '≥'} ${t.limit}×)`;
}

/** Where a missed end-to-end target was out of the floor's reach too, the floor's own ratio. */
function floorText(t: TargetCheck): string {
  if (t.status !== 'missed' || !t.floor || t.limit === null) return '';
  const beyond = t.direction === 'lower' ? t.floor.median > t.limit : t.floor.median < t.limit;
  return beyond ? ` (\`ws-once\` itself: ${t.floor.median.toFixed(2)}×)` : '';
}

/** One line per target: its figure at every place it applies, each with min–max and met or missed. */
export function targetLines(targets: TargetCheck[]): string[] {
  const lines: string[] = [];
  for (const group of TARGET_GROUPS) {
    const inGroup = targets.filter((t) => t.group === group);
    if (inGroup.length === 0) continue;
    lines.push('', `**${GROUP_TITLES[group]}**`, '');
    const names = [...new Set(inGroup.map((t) => `${t.target}|${t.baseline}`))];
    for (const name of names) {
      const same = inGroup.filter((t) => `${t.target}|${t.baseline}` === name);
      const first = same[0]!;
      // The end-to-end p99 limit differs between fixed rates and max: the limit goes with each figure.
      const limits = new Set(same.map(limitText));
      const head = `${first.target} vs \`${first.baseline}\`${limits.size === 1 ? limitText(first) : ''}`;
      const cells = same.map(
        (t) =>
          `${t.where} ${spreadText(t.ratio, 2)}×${limits.size === 1 ? '' : limitText(t)}${t.status === 'info' ? '' : ` ${STATUS[t.status]}`}${floorText(t)}`,
      );
      lines.push(`- ${head}: ${cells.join(' · ')}`);
    }
  }
  return lines;
}

/** The run's fan-out figures, each with min–max, and its ratios to `ws-once` and Socket.IO. */
export function fanoutMarkdown(report: BenchReport): string {
  return table(
    [
      'stack',
      'C',
      'rate',
      'p99 ms',
      'deliveries/s',
      'server CPU ms / 1k deliveries',
      'KB / idle conn',
      'p99 / ws-once',
      'p99 / socket.io',
      'CPU / ws-once',
      'CPU / socket.io',
    ],
    report.runs.map((r) => [
      `\`${r.stack}\``,
      r.clients,
      rateText(r.rate),
      spreadText(r.spread.p99Ms),
      spreadText(r.spread.deliveriesPerSec, 0),
      spreadText(r.spread.cpuMsPer1k),
      spreadText(r.spread.rssPerConnKB),
      ratioTo(r, WS_ONCE, 'p99Ms'),
      ratioTo(r, SOCKET_IO, 'p99Ms'),
      ratioTo(r, WS_ONCE, 'cpuMsPer1k'),
      ratioTo(r, SOCKET_IO, 'cpuMsPer1k'),
    ]),
  );
}

export function replayMarkdown(report: BenchReport): string {
  return table(
    ['stack', 'clients × missed', 'p50 ms', 'p95 ms', 'p99 ms', 'server CPU µs / replayed', 'lost', 'duplicated'],
    report.replay.map((r) => [
      `\`${r.stack}\``,
      `${r.clients} × ${r.missed}`,
      spreadText(r.spread.p50Ms, 0),
      spreadText(r.spread.p95Ms, 0),
      spreadText(r.spread.p99Ms, 0),
      spreadText(r.spread.cpuUsPerReplayed),
      r.lostTotal,
      r.duplicates,
    ]),
  );
}

export function clientFrameMarkdown(report: BenchReport): string | null {
  const { clientFrame: warm, clientFrameCold: cold } = report;
  if (!warm) return null;
  const cells = (pick: (c: NonNullable<typeof warm>) => Spread | null) => [
    spreadText(pick(warm), 0),
    cold ? spreadText(pick(cold), 0) : '–',
  ];
  return table(
    ['ns per frame, 500 clients in one process', 'caches warm', 'caches evicted'],
    [
      ['`JSON.parse` and read `seq` (the floor’s client)', ...cells((c) => c.jsonParseNs)],
      [
        'socket.io-client (engine.io and socket.io-parser decoding, emitter, handler)',
        ...cells((c) => c.socketIoClientNs),
      ],
      ['`@pollwire/client` (validate, order, dedup, state, typed handler)', ...cells((c) => c.pollwireClientNs)],
    ],
  );
}

export function bundleMarkdown(report: BenchReport): string | null {
  if (!report.bundle) return null;
  return table(
    ['client bundle (minified ESM for browsers)', 'min KiB', 'min+gz KiB'],
    Object.entries(report.bundle).map(([name, f]) =>
      'unavailable' in f
        ? [name, f.unavailable, '–']
        : [`\`${name}\``, (f.minBytes / 1024).toFixed(1), (f.gzipBytes / 1024).toFixed(1)],
    ),
  );
}

/**
 * The generated section of the benchmarks page: where and how the run was made, its targets met or missed, the
 * charts (`chartDir` relative to the page), and its tables.
 *
 * @example
 * const section = resultsSection(report, '2026-12-07-zf-full', 'benchmarks');
 */
export function resultsSection(report: BenchReport, name: string, chartDir: string): string {
  const { machine } = report;
  const minutes = Math.round(report.durationSec / 60);
  const parts = [
    PAGE_START,
    '<!-- Generated by `pnpm bench:publish` from the report named below; edit the code in bench/src/report/page.ts, not this. -->',
    '',
    '## Latest full run',
    '',
    `[\`${name}\`](../bench/reports/${name}.txt) on commit \`${machine.gitCommit ?? '?'}\`, ${machine.startedAt.slice(0, 10)}:` +
      ` ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${report.repetitions} paired repetitions, ${minutes} minutes.` +
      ' Figures are medians over the repetitions (min–max); ratios are taken within each repetition, then their median.',
    '',
    '### Targets',
    ...targetLines(report.targets),
    '',
    '### Charts',
    '',
    `![p99 latency by rate and stack](${chartDir}/p99-latency.svg)`,
    '',
    `![Server CPU per 1,000 deliveries by stack](${chartDir}/cpu-per-delivery.svg)`,
    '',
    `![Replay catch-up: share of clients caught up over time](${chartDir}/replay-catch-up.svg)`,
    '',
    '### Fan-out',
    '',
    fanoutMarkdown(report),
  ];
  if (report.replay.length > 0) parts.push('', '### Replay catch-up', '', replayMarkdown(report));
  const frame = clientFrameMarkdown(report);
  if (frame) parts.push('', '### Client work per frame', '', frame);
  const bundle = bundleMarkdown(report);
  if (bundle) parts.push('', '### Bundle size', '', bundle);
  parts.push('', PAGE_END);
  return parts.join('\n');
}

/** `page` with its generated section replaced by `section`; throws when the page lacks the markers. */
export function replaceResults(page: string, section: string): string {
  const start = page.indexOf(PAGE_START);
  const end = page.indexOf(PAGE_END);
  if (start < 0 || end < start) throw new Error(`the page has no ${PAGE_START} … ${PAGE_END} section to replace`);
  return page.slice(0, start) + section + page.slice(end + PAGE_END.length);
}
