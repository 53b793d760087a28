import { describe, expect, it } from 'vitest';
import type { FanoutFigures } from '../scenarios/fanout.js';
import { fanoutFigures } from './figures.fixture.js';
import { PAGE_END, PAGE_START, replaceResults, resultsSection, spreadText, targetLines } from './page.js';
import type { BenchReport } from './report.js';
import { fanoutRow } from './rows.js';
import { checkTargets } from './targets.js';

const figures = (over: Partial<FanoutFigures>) =>
  fanoutFigures({ p99Ms: 10, deliveriesPerSec: 10_000, events: 100, ...over });

function report(): BenchReport {
  const floor = [figures({}), figures({ p99Ms: 12 })];
  const bare = [figures({ cpuMsPer1k: 10.5, p99Ms: 11 }), figures({ cpuMsPer1k: 12.5, p99Ms: 13 })];
  const key = { clients: 1000, rate: 10 } as const;
  const runs = [
    fanoutRow({ stack: 'ws-once', ...key }, floor, { 'ws-once': floor }, []),
    fanoutRow({ stack: 'pollwire/bare-clients', ...key }, bare, { 'ws-once': floor }, []),
  ];
  return {
    machine: {
      cpuModel: 'AMD EPYC',
      cores: 2,
      totalMemMB: 24_000,
      loadAvg: [0, 0, 0],
      platform: 'linux',
      node: 'v20.20.2',
      openFilesLimit: '20000',
      gitCommit: 'abc1234',
      startedAt: '2026-12-07T12:00:00.000Z',
      quick: false,
    },
    durationSec: 840,
    repetitions: 2,
    runs,
    unavailable: [],
    replay: [],
    validation: null,
    clientFrame: null,
    clientFrameCold: null,
    bundle: { '@pollwire/client': { minBytes: 46_080, gzipBytes: 11_366 } } as BenchReport['bundle'],
    targets: checkTargets(runs, []),
  };
}

describe('the benchmarks page section', () => {
  it('gives each figure its median with min and max, and one figure alone when they agree', () => {
    expect(spreadText({ median: 1.234, min: 1, max: 2 }, 2)).toBe('1.23 (1.00–2.00)');
    expect(spreadText({ median: 3, min: 3, max: 3 })).toBe('3.0');
    expect(spreadText(null)).toBe('–');
  });

  it('states each target with its ratio, min–max and whether it was met', () => {
    const lines = targetLines(report().targets).join('\n');
    // cpu ratios 1.05 and 1.25: median 1.15 over the 1.1 limit.
    expect(lines).toContain('- cpu per delivery vs `ws-once` (≤ 1.1×): C=1000 R=10 1.15 (1.05–1.25)× ❌ missed');
    expect(lines).toContain('- p99 vs `ws-once` (≤ 1.2×): C=1000 R=10 1.09 (1.08–1.10)× ✅ met');
    expect(lines).toContain('memory per idle connection');
  });

  it("says when a missed target was out of the floor's reach too", () => {
    const r = (median: number) => ({ median, min: median, max: median });
    const base = { group: 'end to end', subject: 'pollwire', baseline: 'socket.io', where: 'C=100 R=100' } as const;
    const lines = targetLines([
      { ...base, target: 'p99', ratio: r(0.95), floor: r(0.93), limit: 0.8, direction: 'lower', status: 'missed' },
      { ...base, target: 'cpu', ratio: r(0.95), floor: r(0.7), limit: 0.8, direction: 'lower', status: 'missed' },
    ]).join('\n');
    expect(lines).toContain('C=100 R=100 0.95× ❌ missed (`ws-once` itself: 0.93×)');
    expect(lines.endsWith('- cpu vs `socket.io` (≤ 0.8×): C=100 R=100 0.95× ❌ missed')).toBe(true);
  });

  it('names the run, links its report and embeds the three charts', () => {
    const section = resultsSection(report(), '2026-12-07-zf-full', 'benchmarks');
    expect(section.startsWith(PAGE_START)).toBe(true);
    expect(section.endsWith(PAGE_END)).toBe(true);
    expect(section).toContain('[`2026-12-07-zf-full`](../bench/reports/2026-12-07-zf-full.txt) on commit `abc1234`');
    expect(section).toContain('2 paired repetitions, 14 minutes');
    for (const chart of ['p99-latency', 'cpu-per-delivery', 'replay-catch-up'])
      expect(section).toContain(`(benchmarks/${chart}.svg)`);
    expect(section).toContain('| `pollwire/bare-clients` | 1000 | 10/s | 12.0 (11.0–13.0) |');
    expect(section).toContain('| `@pollwire/client` | 45.0 | 11.1 |');
  });

  it('replaces only the generated section of the page, and refuses a page without one', () => {
    const page = `# Benchmarks\n\nhand-written\n\n${PAGE_START}\nold\n${PAGE_END}\n\n## Rerun\n`;
    const next = replaceResults(page, `${PAGE_START}\nnew\n${PAGE_END}`);
    expect(next).toBe(`# Benchmarks\n\nhand-written\n\n${PAGE_START}\nnew\n${PAGE_END}\n\n## Rerun\n`);
    expect(() => replaceResults('# no markers', 'x')).toThrow(/no <!-- bench:results:start -->/);
  });
});
