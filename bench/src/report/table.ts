import type { Spread } from '../stats/repetitions.js';
import type { BundleFigures } from '../micro/bundle.js';
import type { ClientFrameFigures } from '../micro/client-frame.js';
import type { ValidationFigures } from '../micro/validation.js';
import type { FanoutRow, ReplayRow } from './rows.js';
import { limitText, type TargetCheck } from './targets.js';

type Cell = string | number | null | undefined;

/** Right-aligned plain-text table (first column left-aligned). */
export function formatTable(header: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** A number with `digits` decimals, or null. */
export const fixed = (value: number | null | undefined, digits = 1): string | null =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : null;

/** `median [min-max]` for a repeated figure, `median` alone for one repetition. */
export function spreadCell(value: Spread | null | undefined, digits = 1): string | null {
  if (!value) return null;
  if (value.min === value.max) return value.median.toFixed(digits);
  return `${value.median.toFixed(digits)} [${value.min.toFixed(digits)}-${value.max.toFixed(digits)}]`;
}

const ratioCell = (value: Spread | null | undefined) => (value ? `${value.median.toFixed(2)}x` : null);

export function fanoutTable(rows: FanoutRow[]): string {
  return formatTable(
    [
      'stack',
      'C',
      'R/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'deliv/s',
      'lag ms',
      'cpu ms/1k',
      'KB/conn',
      'KB/conn+',
      'lost/cl',
      'srv cpu%',
      'cl cpu%',
      'p99 /ws',
      'cpu /ws',
      'p99 /sio',
      'cpu /sio',
      'reps',
    ],
    rows.map((r) => [
      r.stack,
      r.clients,
      r.rate,
      fixed(r.p50Ms),
      fixed(r.p95Ms),
      spreadCell(r.spread.p99Ms),
      fixed(r.maxMs),
      fixed(r.deliveriesPerSec, 0),
      r.rate === 'max' ? null : fixed(r.maxLagMs, 0),
      spreadCell(r.spread.cpuMsPer1k, 1),
      fixed(r.rssPerConnKB, 1),
      fixed(r.rssPerAddedConnKB, 1),
      fixed(r.lost, 2),
      fixed(r.serverCpuPct, 0),
      `${fixed(r.clientCpuPct, 0) ?? '-'}${r.clientBound ? '!' : ''}`,
      ratioCell(r.ratios['ws-once']?.p99Ms),
      ratioCell(r.ratios['ws-once']?.cpuMsPer1k),
      ratioCell(r.ratios['socket.io']?.p99Ms),
      ratioCell(r.ratios['socket.io']?.cpuMsPer1k),
      r.errors.length > 0 ? `${r.repetitions} (${r.errors.length} failed)` : r.repetitions,
    ]),
  );
}

export function replayTable(rows: ReplayRow[]): string {
  return formatTable(
    [
      'stack',
      'clients',
      'missed',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'cpu us/replayed',
      'behind',
      'lost',
      'dup',
      'p95 /floor',
      'p95 /sio',
      'reps',
    ],
    rows.map((r) => [
      r.stack,
      r.clients,
      r.missed,
      fixed(r.p50Ms, 0),
      spreadCell(r.spread.p95Ms, 0),
      fixed(r.p99Ms, 0),
      fixed(r.maxMs, 0),
      spreadCell(r.spread.cpuUsPerReplayed, 1),
      r.behind,
      r.lostTotal,
      r.duplicates,
      ratioCell(r.ratios['ws-once+log']?.p95Ms),
      ratioCell(r.ratios['socket.io+recovery']?.p95Ms),
      r.errors.length > 0 ? `${r.repetitions} (${r.errors.length} failed)` : r.repetitions,
    ]),
  );
}

export function validationTable(v: ValidationFigures): string {
  return formatTable(
    ['validation (ns/event)', 'median [min-max]'],
    [
      [
        `inbound vote:submitted, JSON text, server-kit (${v.frameBytes.voteSubmitted} B)`,
        spreadCell(v.inboundVoteSubmittedNs, 0),
      ],
      ['inbound vote:submitted, decoded object, server-kit', spreadCell(v.inboundVoteSubmittedObjectNs, 0)],
      ['inbound vote:submitted, JSON text, Zod parser', spreadCell(v.inboundVoteSubmittedZodNs, 0)],
      [
        `outbound vote:accepted payload, server-kit (${v.frameBytes.voteAccepted} B)`,
        spreadCell(v.outboundVoteAcceptedNs, 0),
      ],
      ['outbound vote:accepted payload, Zod schema', spreadCell(v.outboundVoteAcceptedZodNs, 0)],
      ['outbound JSON.stringify (for scale)', spreadCell(v.outboundStringifyNs, 0)],
    ],
  );
}

export function clientFrameTable(warm: ClientFrameFigures, cold: ClientFrameFigures | null): string {
  const rows = (c: ClientFrameFigures) => {
    const ratio = (figure: Spread | null, base: Spread | null) =>
      figure && base ? `${(figure.median / base.median).toFixed(2)}x` : null;
    const when = c.cold ? ', caches evicted before each frame' : '';
    const row = (label: string, figure: Spread | null) => [
      `${label}${when}`,
      spreadCell(figure, 0),
      ratio(figure, c.jsonParseNs),
      ratio(figure, c.socketIoClientNs),
    ];
    return [
      row('JSON.parse and read seq (the ws-once client)', c.jsonParseNs),
      row(
        `socket.io-client, ${c.socketIoFrameBytes} B 42["vote:accepted",...] (engine.io, socket.io-parser, emitter, handler)`,
        c.socketIoClientNs,
      ),
      row('@pollwire/client (validate, seq, dedup, state, handler)', c.pollwireClientNs),
      row('@pollwire/client, a subscriber reads the state after each frame', c.pollwireClientReadNs),
    ];
  };
  return formatTable(
    [
      `ns per ${warm.frameBytes} B vote:accepted frame, ${warm.clients} clients in one process`,
      'median [min-max]',
      '/ parse',
      '/ socket.io-client',
    ],
    [...rows(warm), ...(cold ? rows(cold) : [])],
  );
}

export function bundleTable(b: BundleFigures): string {
  return formatTable(
    ['client bundle (esm, browser, minified)', 'min KB', 'min+gz KB'],
    Object.entries(b).map(([name, f]) =>
      'unavailable' in f
        ? [`${name}: ${f.unavailable}`, null, null]
        : [name, fixed(f.minBytes / 1024, 1), fixed(f.gzipBytes / 1024, 1)],
    ),
  );
}

/** The targets, one line each: the paired ratio's median [min-max] against its limit. */
export function targetsTable(targets: TargetCheck[]): string {
  return formatTable(
    ['group', 'target', 'subject', 'where', 'ratio', 'limit', 'status', 'ws-once itself'],
    targets.map((t) => [
      t.group,
      t.target,
      t.subject,
      t.where,
      spreadCell(t.ratio, 2),
      limitText(t),
      t.status,
      t.floor === undefined ? '' : spreadCell(t.floor, 2),
    ]),
  );
}
