/**
 * The runtime of the generated lean validators (`src/generated/validators.ts`): small combinators that build,
 * once at module load, a tree of closures mirroring the Zod schemas' semantics (strip/strict objects, code point
 * string lengths, safe integers, discriminated unions). Validation stops at the first issue; the issue path is
 * only built on failure. Given an input it owns (`owned`: freshly decoded JSON), a valid value with nothing to strip
 * is returned as is, so the hot path allocates nothing; otherwise the output is a new value, as Zod's is.
 */
import type { IssueDetail, ParseIssue } from '../parse-result.js';

/**
 * A compiled check: returns the parsed value, or {@link INVALID} after recording the issue. With `owned`, objects
 * and arrays that need no change are returned themselves rather than copied.
 */
export interface Validator {
  (value: unknown, owned?: boolean): unknown;
  /** Set by {@link opt}: the key may be absent (or `undefined`). */
  readonly optional?: true;
}

export interface LeanIssue extends IssueDetail {
  path: PropertyKey[];
  /** Set by refinements, whose message is the contract's own. */
  message?: string;
  /** Zod stops checking the value after this issue (it matters to which union option is reported). */
  fatal?: true;
}

export const INVALID: unique symbol = Symbol('invalid');

// The one issue of the failed validation in progress; validation is synchronous, so one slot suffices.
let last: LeanIssue = { code: 'custom', path: [] };

/**
 * The issue recorded by the validator that last returned {@link INVALID}, as a {@link ParseIssue}: the contract's
 * own message when it has one, else `describe`'s.
 */
export function recordedIssue(describe: (issue: LeanIssue) => string): ParseIssue {
  const { path, code, message } = last;
  return { path, code, message: message ?? describe(last) };
}

function invalid(detail: Omit<LeanIssue, 'path'>, path: PropertyKey[] = []): typeof INVALID {
  last = { ...detail, path };
  return INVALID;
}

/** Prefixes the recorded issue's path with `key` when `result` is a failure. */
function at(key: PropertyKey, result: unknown): unknown {
  if (result === INVALID) last.path.unshift(key);
  return result;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Length in code points (as Zod and JSON Schema count), without allocating. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/**
 * The length of `text` to hold against `min`..`max` code points: a code point is one or two units, so they are only
 * counted when the unit length alone cannot decide.
 */
function decidingLength(text: string, min: number, max: number): number {
  const units = text.length;
  return units > max || units < 2 * min ? codePoints(text) : units;
}

/** Whether `text` is `min`..`max` code points long (as Zod and JSON Schema count). */
export function lengthWithin(text: string, min: number, max: number): boolean {
  const length = decidingLength(text, min, max);
  return length >= min && length <= max;
}

/**
 * A pattern test that remembers the last `size` strings it accepted. Ids (session, poll, options) come again in
 * every frame, and comparing a string with a remembered one is cheaper than matching the pattern again. Returns the
 * remembered string equal to `text` (or `text`, now remembered) when it matches, `undefined` when it does not: an
 * owned frame can then carry one string object per id, so a lookup keyed by it (a state's `polls[pollId]`) does not
 * hash a freshly decoded copy each time.
 */
export function recall(pattern: RegExp, size = 8): (text: string) => string | undefined {
  const accepted: string[] = [];
  let next = 0;
  return (text) => {
    for (let i = 0; i < accepted.length; i++) {
      const known = accepted[i]!;
      if (known === text) return known;
    }
    if (!pattern.test(text)) return undefined;
    if (accepted.length < size) accepted.push(text);
    else {
      accepted[next] = text;
      next = next + 1 === size ? 0 : next + 1;
    }
    return text;
  };
}

const tooSmall = (minimum: number) => invalid({ code: 'too_small', minimum });
const tooBig = (maximum: number) => invalid({ code: 'too_big', maximum });

/** A string of `min`..`max` code points matching `pattern` (`format` names the pattern in issues). */
export const str =
  (min = 0, max = Number.POSITIVE_INFINITY, pattern?: RegExp, format = 'regex'): Validator =>
  (value) => {
    if (typeof value !== 'string') return invalid({ code: 'invalid_type', expected: 'string' });
    const length = decidingLength(value, min, max);
    if (length < min) return tooSmall(min);
    if (length > max) return tooBig(max);
    if (pattern && !pattern.test(value)) return invalid({ code: 'invalid_format', format });
    return value;
  };

/**
 * A generated fast path (`src/docs/lean-predicates.ts`): an owned value for which `exact` holds is valid and
 * already its parsed form, so it is returned as is; anything else goes through `check`.
 */
export const exact =
  (check: Validator, exactly: (value: unknown) => boolean): Validator =>
  (value, owned) =>
    owned && exactly(value) ? value : check(value, owned);

/** A finite number (an integer when `integer`) within `min`..`max`. */
export const num =
  (min: number, max: number, integer?: 1): Validator =>
  (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return invalid({ code: 'invalid_type', expected: 'number' });
    }
    if (integer && !Number.isInteger(value)) return invalid({ code: 'invalid_type', expected: 'int' });
    if (value < min) return tooSmall(min);
    if (value > max) return tooBig(max);
    return value;
  };

export const bool: Validator = (value) =>
  typeof value === 'boolean' ? value : invalid({ code: 'invalid_type', expected: 'boolean' });

/** No value may be present (`z.never()`, and `z.undefined()` for JSON input). */
export const never: Validator = () => invalid({ code: 'invalid_type', expected: 'never' });

/** Anything (`z.unknown()`). */
export const anything: Validator = (value) => value;

/** One of the given literal values (`z.literal`, `z.enum`). */
export const lit =
  (...values: readonly unknown[]): Validator =>
  (value) =>
    values.includes(value) ? value : invalid({ code: 'invalid_value', values });

/** Marks an object property as optional: absent or `undefined` is accepted as is. */
export const opt = (check: Validator): Validator =>
  Object.assign((value: unknown, owned?: boolean) => (value === undefined ? value : check(value, owned)), {
    optional: true as const,
  });

/**
 * An object with the given properties, in order. Unknown keys are stripped (`z.object`) or, when `strict`,
 * rejected (`z.strictObject`); the output is a new object unless `owned` and nothing had to change.
 */
export function obj(shape: Readonly<Record<string, Validator>>, strict?: 1): Validator {
  const entries = Object.entries(shape);
  const known = new Set(Object.keys(shape));
  // Only called on failure: a valid object allocates no key list.
  const unknownKeys = (value: object) => {
    const keys: string[] = [];
    for (const key in value) if (!known.has(key)) keys.push(key);
    return keys;
  };
  const copy = (value: Record<string, unknown>, owned: boolean | undefined) => {
    const output: Record<string, unknown> = {};
    for (const [key, check] of entries) {
      const input = value[key];
      // Like Zod: an optional key given as `undefined` is kept only when the key is there.
      if (input === undefined && check.optional) {
        if (key in value) output[key] = undefined;
        continue;
      }
      const result = check(input, owned);
      if (result === INVALID) return at(key, result);
      output[key] = result;
    }
    return output;
  };
  // Parallel arrays for the hot loop: no iterator, no destructuring, no property read on the check per key.
  const keys = entries.map(([key]) => key);
  const checks = entries.map(([, check]) => check);
  const optional = checks.map((check) => check.optional === true);
  const count = keys.length;
  return (value, owned) => {
    if (!isObject(value)) return invalid({ code: 'invalid_type', expected: 'object' });
    if (!owned) {
      const output = copy(value, owned);
      if (strict && output !== INVALID) {
        for (const key in value)
          if (!known.has(key)) return invalid({ code: 'unrecognized_keys', keys: unknownKeys(value) });
      }
      return output;
    }
    // Owned: check in place; copy only when a property changed or an unknown key must be stripped.
    let present = 0;
    let changed = false;
    for (let i = 0; i < count; i++) {
      const key = keys[i]!;
      const input = value[key];
      if (input !== undefined) present++;
      else if (optional[i]) {
        if (key in value) present++;
        continue;
      }
      const result = checks[i]!(input, owned);
      if (result === INVALID) return at(key, result);
      if (result !== input) changed = true;
    }
    let total = 0;
    for (const _ in value) total++;
    if (total === present) return changed ? copy(value, owned) : value;
    // Some key is not in the shape (or the object is unusual): the exact checks of the copying path.
    if (strict) {
      for (const key in value)
        if (!known.has(key)) return invalid({ code: 'unrecognized_keys', keys: unknownKeys(value) });
    }
    return copy(value, owned);
  };
}

/** An array of `item`, with `min`..`max` entries; the output is a new array unless `owned` and nothing changed. */
export const arr =
  (item: Validator, min = 0, max = Number.POSITIVE_INFINITY): Validator =>
  (value, owned) => {
    if (!Array.isArray(value)) return invalid({ code: 'invalid_type', expected: 'array' });
    // Like Zod, an oversized array fails before any element is parsed, and nothing else is checked.
    if (value.length > max) return invalid({ code: 'too_big', maximum: max, fatal: true });
    let output: unknown[] | undefined = owned ? undefined : [];
    for (let i = 0; i < value.length; i++) {
      const result = item(value[i], owned);
      if (result === INVALID) return at(i, result);
      if (output === undefined && result !== value[i]) output = value.slice(0, i);
      output?.push(result);
    }
    return value.length < min ? tooSmall(min) : (output ?? value);
  };

/** A record whose keys pass `key` and values pass `item` (`z.record`); `__proto__` keys are skipped, as Zod does. */
export const rec =
  (key: Validator, item: Validator): Validator =>
  (value, owned) => {
    if (!isObject(value)) return invalid({ code: 'invalid_type', expected: 'record' });
    const output: Record<string, unknown> = {};
    let changed = !owned;
    for (const name of Object.keys(value)) {
      if (name === '__proto__') {
        changed = true;
        continue;
      }
      if (key(name) === INVALID) return invalid({ code: 'invalid_key' }, [name]);
      const result = item(value[name], owned);
      if (result === INVALID) return at(name, result);
      if (result !== value[name]) changed = true;
      output[name] = result;
    }
    return changed ? output : value;
  };

/** A discriminated union (`z.discriminatedUnion`): the object's `tag` property picks the schema. */
export const tagged =
  (tag: string, options: Readonly<Record<string, Validator>>): Validator =>
  (value, owned) => {
    if (!isObject(value)) return invalid({ code: 'invalid_type', expected: 'object' });
    const name = value[tag];
    if (typeof name !== 'string' || !Object.hasOwn(options, name)) {
      return invalid({ code: 'invalid_union', values: Object.keys(options) }, [tag]);
    }
    return options[name]!(value, owned);
  };

// Issues after which Zod goes on checking the value: a union option that fails with one only is "close".
const SOFT_ISSUES = new Set(['too_small', 'too_big', 'invalid_format', 'unrecognized_keys', 'custom']);

/**
 * A union (`z.union`): the first option that accepts the value wins. As Zod does, when exactly one option came
 * close (see `SOFT_ISSUES`), its issue is reported rather than a bare `invalid_union`.
 */
export const union =
  (...options: readonly Validator[]): Validator =>
  (value, owned) => {
    let close: LeanIssue | undefined;
    let closeCount = 0;
    for (const option of options) {
      const result = option(value, owned);
      if (result !== INVALID) return result;
      if (SOFT_ISSUES.has(last.code) && !last.fatal) {
        close = last;
        closeCount++;
      }
    }
    if (closeCount !== 1) return invalid({ code: 'invalid_union' });
    last = close!;
    return INVALID;
  };

/** A rule on the parsed value that JSON Schema cannot express (see `rules.ts`), with the contract's message. */
export const refine =
  (check: Validator, rule: (value: never) => boolean, message: string, path: readonly PropertyKey[] = []): Validator =>
  (value, owned) => {
    const result = check(value, owned);
    if (result === INVALID || rule(result as never)) return result;
    return invalid({ code: 'custom', message }, [...path]);
  };
