import { type InvalidCase, type Path, REMOVE, dotted } from './samples.js';

/** Every path to an object property in `value`, depth first; arrays contribute their first element. */
export function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    const first = [...prefix, 0];
    return [first, ...fieldPaths(value[0], first)];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, key];
    return [path, ...fieldPaths(child, path)];
  });
}

const isArrayElement = (path: Path): boolean => typeof path[path.length - 1] === 'number';

/** Removing each field: rejected when required, accepted when listed in `optional` (dotted paths). */
export function removals(valid: unknown, optional: readonly string[]): { path: Path; required: boolean }[] {
  return fieldPaths(valid)
    .filter((path) => !isArrayElement(path))
    .map((path) => ({ path, required: !optional.includes(dotted(path)) }));
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return { 0: value[0] };
  return ['x'];
}

const valueAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

/** Each field (and array element) given a value of another JSON type, and `null`. */
export function wrongTypes(valid: unknown): InvalidCase[] {
  return fieldPaths(valid).flatMap((path) => {
    const current = valueAt(valid, path);
    return [
      { name: `${dotted(path)} of the wrong type`, path, value: wrongTypeFor(current) },
      { name: `${dotted(path)} null`, path, value: null },
    ];
  });
}

/** Each required field removed, as invalid cases. */
export function missingRequired(valid: unknown, optional: readonly string[]): InvalidCase[] {
  return removals(valid, optional)
    .filter((r) => r.required)
    .map(({ path }) => ({ name: `${dotted(path)} missing`, path, value: REMOVE }));
}
