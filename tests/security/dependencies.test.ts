import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/report.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** CVE-2024-37890 (DoS by many HTTP headers) is fixed in ws 8.17.1. */
const MIN_WS = [8, 17, 1] as const;

const atLeast = (version: string, min: readonly number[]) => {
  const parts = version.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < min.length; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i]!;
  }
  return true;
};

describe('dependencies with known DoS fixes', () => {
  it(`every ws the workspace resolves or locks is >= ${MIN_WS.join('.')} (CVE-2024-37890)`, () => {
    const resolved: Record<string, string> = {};
    for (const pkg of ['packages/server-kit', 'examples/reference-server', 'tests']) {
      const require = createRequire(join(ROOT, pkg, 'package.json'));
      const manifest = require('ws/package.json') as { version: string };
      resolved[pkg] = manifest.version;
    }
    const lock = readFileSync(join(ROOT, 'pnpm-lock.yaml'), 'utf8');
    const locked = [...new Set([...lock.matchAll(/^ {2}'?ws@(\d+\.\d+\.\d+)/gm)].map((match) => match[1]!))];
    expect(locked.length).toBeGreaterThan(0);
    for (const version of [...Object.values(resolved), ...locked]) expect(atLeast(version, MIN_WS), version).toBe(true);
    reportFigures('dependencies', { wsResolved: Object.values(resolved).join('|'), wsLocked: locked.join('|') });
  });

  it('the version check itself orders versions correctly', () => {
    expect(atLeast('8.17.1', MIN_WS)).toBe(true);
    expect(atLeast('8.17.0', MIN_WS)).toBe(false);
    expect(atLeast('7.5.10', MIN_WS)).toBe(false);
    expect(atLeast('8.23.0', MIN_WS)).toBe(true);
    expect(atLeast('9.0.0', MIN_WS)).toBe(true);
  });
});
