import { describe, expect, it } from 'vitest';
import { orderStacks } from './palette.js';
import { fanoutRow, fixtureReport, replayRow } from './report-fixture.js';
import {
  catchUpPoints,
  cpuPerDeliverySpec,
  fanoutBars,
  p99LatencySpec,
  rateLabel,
  replayCatchUpSpec,
} from './specs.js';

/** The parts of a faceted spec the tests read. */
interface FacetedSpec {
  title: { text: string; subtitle: string[] };
  facet: { column: { sort: string[] } };
  spec: {
    encoding: {
      x?: { sort: string[] };
      xOffset?: { sort: string[] };
      color: { sort: string[]; scale: { domain: string[]; range: string[] } };
    };
  };
}
const faceted = (spec: unknown) => spec as FacetedSpec;

describe('stack order', () => {
  it('puts the known stacks in their fixed order and the others after them by name', () => {
    expect(orderStacks(['zeta', 'socket.io', 'alpha', 'pollwire', 'ws-once', 'pollwire'])).toEqual([
      'ws-once',
      'pollwire',
      'socket.io',
      'alpha',
      'zeta',
    ]);
  });
});

describe('fan-out bars', () => {
  it('hold every stack, client count and rate of the report, by clients, rate (max last) and stack order', () => {
    const bars = fanoutBars(fixtureReport().runs ?? [], 'p99Ms');
    const keys = bars.map((b) => `${b.panel} ${b.rate} ${b.stack}`);
    const stacks = ['ws-once', 'pollwire', 'socket.io', 'zeta'];
    expect(keys).toEqual(
      ['100 clients', '1000 clients'].flatMap((panel) =>
        ['10/s', 'max'].flatMap((rate) => stacks.map((stack) => `${panel} ${rate} ${stack}`)),
      ),
    );
  });

  it('carry the median and the min-max of the charted figure', () => {
    const [bar] = fanoutBars([fanoutRow('pollwire', 100, 10, 20)], 'cpuMsPer1k');
    expect(bar).toEqual({ panel: '100 clients', rate: '10/s', stack: 'pollwire', value: 2, min: 1.8, max: 2.4 });
  });

  it('leave out a failed measurement and keep a bar without its spread', () => {
    const noSpread = { ...fanoutRow('ws-once', 100, 10, 2), spread: { p99Ms: null, cpuMsPer1k: null } };
    const bars = fanoutBars([fanoutRow('pollwire', 100, 10, null), noSpread], 'p99Ms');
    expect(bars).toEqual([{ panel: '100 clients', rate: '10/s', stack: 'ws-once', value: 2, min: null, max: null }]);
  });

  it('label rates as events per second, max as is', () => {
    expect([rateLabel(10), rateLabel(100), rateLabel('max')]).toEqual(['10/s', '100/s', 'max']);
  });
});

describe('bar chart specs', () => {
  it.each([
    ['p99 latency', p99LatencySpec, 'p99 latency (ms)'],
    ['CPU per delivery', cpuPerDeliverySpec, 'Server CPU per 1,000 deliveries (ms)'],
  ])('%s: panels by clients, rates in order, stacks in fixed order and colors', (_, build, yTitle) => {
    const spec = faceted(build(fixtureReport()));
    expect(spec.facet.column.sort).toEqual(['100 clients', '1000 clients']);
    expect(spec.spec.encoding.x?.sort).toEqual(['10/s', 'max']);
    expect(spec.spec.encoding.xOffset?.sort).toEqual(['ws-once', 'pollwire', 'socket.io', 'zeta']);
    expect(spec.spec.encoding.color.scale).toEqual({
      domain: ['ws-once', 'pollwire', 'socket.io', 'zeta'],
      range: ['#9e9e9e', '#1f5fc4', '#f39c33', '#2a9d8f'],
    });
    expect(JSON.stringify(spec)).toContain(yTitle);
  });

  it('order the rates across panels even when a panel lacks some of them', () => {
    const runs = [
      fanoutRow('pollwire', 100, 'max', 5),
      fanoutRow('pollwire', 100, 10, 2),
      fanoutRow('pollwire', 1000, 100, 9),
    ];
    expect(faceted(p99LatencySpec({ runs })).spec.encoding.x?.sort).toEqual(['10/s', '100/s', 'max']);
  });

  it('use a linear y scale from 0 and say so when every panel spans less than 20x', () => {
    const spec = faceted(p99LatencySpec(fixtureReport()));
    expect(spec.title.subtitle.join(' ')).toContain('Linear y scale from 0');
    expect(JSON.stringify(spec)).toContain('"type":"linear"');
  });

  it('switch to a log y scale and say so when one panel spans more than 20x', () => {
    const report = { runs: [fanoutRow('ws-once', 100, 10, 1), fanoutRow('pollwire', 100, 'max', 30)] };
    const spec = faceted(p99LatencySpec(report));
    expect(spec.title.subtitle.join(' ')).toContain('Log y scale');
    expect(JSON.stringify(spec)).toContain('"type":"log"');
  });

  it('name the repetitions and the machine in the subtitle', () => {
    const subtitle = faceted(p99LatencySpec(fixtureReport())).title.subtitle.join(' ');
    expect(subtitle).toContain('median of 3 repetitions');
    expect(subtitle).toContain('Test CPU, 2 cores, Node v20.20.2, 2026-11-27');
  });

  it('are null for a report without fan-out rows', () => {
    expect(p99LatencySpec({ replay: fixtureReport().replay ?? [] })).toBeNull();
    expect(cpuPerDeliverySpec({ runs: [] })).toBeNull();
  });
});

describe('replay catch-up', () => {
  it('draws the CDF from the 21 quantiles when the report has them, 0 to 100 % of the clients', () => {
    const points = catchUpPoints([replayRow('pollwire', 100, 1000, { quantiles: true })]);
    expect(points).toHaveLength(21);
    expect(points.every((p) => p.source === 'quantiles' && p.panel === '100 clients x 1000 missed')).toBe(true);
    expect(points.map((p) => p.share)).toEqual(Array.from({ length: 21 }, (_, i) => i / 20));
    expect(points[0]?.ms).toBe(100);
    expect(points[20]?.ms).toBe(400);
  });

  it('falls back to points at p50, p95, p99 and max for a report without quantiles', () => {
    const points = catchUpPoints([replayRow('pollwire', 100, 1000)]);
    expect(points.map((p) => [p.share, p.ms, p.source])).toEqual([
      [0.5, 200, 'percentiles'],
      [0.95, 380, 'percentiles'],
      [0.99, 395, 'percentiles'],
      [1, 400, 'percentiles'],
    ]);
  });

  it('falls back to the percentiles when the quantile list is empty, and skips a quantile no repetition measured', () => {
    const empty = { ...replayRow('pollwire', 100, 1000), catchUpQuantilesMs: [] };
    expect(catchUpPoints([empty]).map((p) => p.source)).toEqual(Array(4).fill('percentiles'));
    const gap = replayRow('pollwire', 100, 1000, { quantiles: true });
    const withGap = { ...gap, catchUpQuantilesMs: gap.catchUpQuantilesMs?.map((ms, i) => (i === 3 ? Number.NaN : ms)) };
    expect(catchUpPoints([withGap]).map((p) => p.share)).not.toContain(0.15);
    expect(catchUpPoints([withGap])).toHaveLength(20);
  });

  it('orders the points by scenario (clients, then missed) and stack', () => {
    const order = [...new Set(catchUpPoints(fixtureReport().replay ?? []).map((p) => `${p.panel}: ${p.stack}`))];
    expect(order).toEqual([
      '100 clients x 1000 missed: ws-once+log',
      '100 clients x 1000 missed: pollwire',
      '100 clients x 1000 missed: socket.io+recovery',
      '500 clients x 200 missed: ws-once+log',
      '500 clients x 200 missed: pollwire',
    ]);
  });

  it('has one panel per scenario, stacks in fixed order, and says which data it drew', () => {
    const spec = faceted(replayCatchUpSpec(fixtureReport()));
    expect(spec.facet.column.sort).toEqual(['100 clients x 1000 missed', '500 clients x 200 missed']);
    expect(spec.spec.encoding.color.sort).toEqual(['ws-once+log', 'pollwire', 'socket.io+recovery']);
    const subtitle = spec.title.subtitle.join(' ');
    expect(subtitle).toContain('Points: p50, p95, p99 and max');
    expect(subtitle).not.toContain('Curves');
  });

  it('is null for a report without replay rows', () => {
    expect(replayCatchUpSpec({ runs: fixtureReport().runs ?? [] })).toBeNull();
  });
});
