import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureReport } from './report-fixture.js';
import { writeCharts } from './write.js';

describe('writeCharts', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the charts the report has rows for into a new directory, returns their paths, and names the skipped', async () => {
    dir = await mkdtemp(join(tmpdir(), 'charts-'));
    const out = join(dir, 'nested');
    const lines: string[] = [];
    const written = await writeCharts({ runs: fixtureReport().runs ?? [] }, out, (line) => lines.push(line));
    expect(written).toEqual([join(out, 'p99-latency.svg'), join(out, 'cpu-per-delivery.svg')]);
    expect((await readdir(out)).sort()).toEqual(['cpu-per-delivery.svg', 'p99-latency.svg']);
    expect(await readFile(written[0]!, 'utf8')).toMatch(/^<svg/);
    expect(lines).toEqual(['skipped replay-catch-up.svg: no rows to chart in the report']);
  });
});
