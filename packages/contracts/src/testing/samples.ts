/** A path inside a payload, e.g. `['options', 0, 'optionId']`. */
export type Path = readonly (string | number)[];

/** A payload expected to be rejected, and where the error must point. */
export interface InvalidCase {
  name: string;
  /** Where the change is made. */
  path: Path;
  /** The value put at `path`; `REMOVE` deletes the key instead. */
  value: unknown;
  /** The issue path the Zod error must contain (defaults to `path`). */
  expectPath?: Path;
  /** The fault is a rule JSON Schema cannot express, so JSON Schema validators accept it. */
  jsonSchemaGap?: true;
}

export const REMOVE = Symbol('remove');

export const UUIDS = [
  '3f1c2b9e-8a4d-4c6e-9b1a-2d3e4f5a6b7c',
  '7d2e4a1b-5c6f-4e8a-a9b0-1c2d3e4f5a6b',
  '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
  'c4d5e6f7-a8b9-4c0d-b1e2-f3a4b5c6d7e8',
  '5e6f7a8b-9c0d-4e1f-9a2b-3c4d5e6f7a8b',
  '9b8a7c6d-5e4f-4321-8fed-cba987654321',
] as const;

export const TIMESTAMP = '2026-01-03T10:00:00.000Z';

/** Deep copy of `value` with `path` set to `next` (or removed). */
export function mutate(value: unknown, path: Path, next: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (next === REMOVE) delete target[last];
  else target[last] = next;
  return copy;
}

/** `['options', 0, 'optionId']` → `options[].optionId`. */
export const dotted = (path: Path): string =>
  path.map((key, i) => (typeof key === 'number' ? '[]' : i === 0 ? key : `.${key}`)).join('');

const cases = (path: Path, values: readonly [string, unknown][], extra: Partial<InvalidCase> = {}): InvalidCase[] =>
  values.map(([label, value]) => ({ name: `${dotted(path)} ${label}`, path, value, ...extra }));

/** Out-of-range values by kind of field. */
export const outOfRange = {
  uuid: (path: Path) =>
    cases(path, [
      ['not a UUID', 'not-a-uuid'],
      ['UUID without dashes', '3f1c2b9e8a4d4c6e9b1a2d3e4f5a6b7c'],
      ['UUID as URN', `urn:uuid:${UUIDS[0]}`],
      ['UUID one digit short', UUIDS[0].slice(0, -1)],
      ['empty', ''],
    ]),
  timestamp: (path: Path) =>
    cases(path, [
      ['with an offset (not UTC)', '2026-01-03T10:00:00+02:00'],
      ['without a zone', '2026-01-03T10:00:00'],
      ['date only', '2026-01-03'],
      ['impossible date', '2026-02-30T10:00:00Z'],
      ['not a date', 'yesterday'],
    ]),
  count: (path: Path) =>
    cases(path, [
      ['negative', -1],
      ['fractional', 1.5],
      ['unsafe integer', 2 ** 53],
    ]),
  positive: (path: Path) =>
    cases(path, [
      ['zero', 0],
      ['negative', -5],
      ['fractional', 2.5],
    ]),
  percentage: (path: Path) =>
    cases(path, [
      ['above 100', 100.5],
      ['negative', -0.1],
    ]),
  rating: (path: Path) =>
    cases(path, [
      ['fractional', 2.5],
      ['above 1000', 1001],
      ['below -1000', -1001],
    ]),
  text: (path: Path, max: number) =>
    cases(path, [
      ['empty', ''],
      [`longer than ${max}`, 'x'.repeat(max + 1)],
    ]),
  maxText: (path: Path, max: number) => cases(path, [[`longer than ${max}`, 'x'.repeat(max + 1)]]),
  enum: (path: Path) =>
    cases(path, [
      ['unknown value', 'unknown_value'],
      ['wrong case', 'DRAFT'],
    ]),
};
