import { describe, expect, it } from 'vitest';
import { renderSvg } from './render.js';
import { fixtureReport, replayRow } from './report-fixture.js';
import { cpuPerDeliverySpec, p99LatencySpec, replayCatchUpSpec } from './specs.js';

const count = (svg: string, text: string) => svg.split(text).length - 1;
/** `rate|stack` of each bar, from the aria-label Vega gives every bar. */
const barKeys = (svg: string) =>
  [...svg.matchAll(/aria-label="Send rate \(events\/s\): ([^;]+);[^"]*stack: ([^"]+)"[^>]*aria-roledescription="bar"/g)]
    .map(([, rate, stack]) => `${rate}|${stack}`)
    .sort();

describe('renderSvg', () => {
  it.each([
    ['p99 latency', p99LatencySpec, 'p99 delivery latency by send rate', 'p99 latency (ms)'],
    ['CPU per delivery', cpuPerDeliverySpec, 'Server CPU per 1,000 deliveries', 'Server CPU per 1,000 deliveries (ms)'],
  ])(
    'draws the %s chart as an SVG document with its titles, legend, and one bar and whisker per row',
    async (_, build, title, yTitle) => {
      const svg = await renderSvg(build(fixtureReport())!);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('fill="white"');
      for (const text of [title, yTitle, 'Send rate (events/s)', '100 clients', '1000 clients', 'Stack', 'zeta']) {
        expect(svg).toContain(`>${text}<`);
      }
      const stacks = ['ws-once', 'pollwire', 'socket.io', 'zeta'];
      const expected = ['10/s', 'max'].flatMap((rate) => stacks.map((stack) => `${rate}|${stack}`));
      expect(barKeys(svg)).toEqual([...expected, ...expected].sort());
      expect(count(svg, 'aria-roledescription="rule mark"')).toBe(16);
    },
  );

  it('draws one CDF line per replay row with quantiles and four percentile points per row without', async () => {
    const report = {
      replay: [
        replayRow('pollwire', 100, 1000, { quantiles: true }),
        replayRow('ws-once+log', 100, 1000, { quantiles: true }),
        replayRow('socket.io+recovery', 100, 1000),
      ],
    };
    const svg = await renderSvg(replayCatchUpSpec(report)!);
    for (const text of [
      'Replay catch-up after a reconnect',
      'Time since the reconnect (ms)',
      'Clients caught up (%)',
    ]) {
      expect(svg).toContain(`>${text}<`);
    }
    expect(count(svg, 'aria-roledescription="line mark"')).toBe(2);
    expect(count(svg, 'aria-roledescription="point"')).toBe(4);
  });

  it('draws only percentile points for a report without quantiles', async () => {
    const svg = await renderSvg(replayCatchUpSpec(fixtureReport())!);
    expect(count(svg, 'aria-roledescription="line mark"')).toBe(0);
    expect(count(svg, 'aria-roledescription="point"')).toBe(5 * 4);
    expect(svg).toContain('>100 clients x 1000 missed<');
  });
});
