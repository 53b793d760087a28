/**
 * The fast path of the generated lean validators: for each envelope a straight-line predicate, true only when the
 * value is valid AND already exactly its parsed form (no key to strip, nothing to copy). The validator then hands
 * back the decoded frame itself; on `false` it runs its combinators, which decide and describe. Only
 * schemas whose exactness is plain to decide get code; the others (unions of objects, `unknown`) answer `false`.
 */
import type { JsonSchema } from './json-schemas.js';

/** JSON Schema keyword carrying refinements from the Zod schema to the generators. */
export const REFINE = 'x-lean-refine';

/** Interns a module constant (a regex literal, a rule) and returns the expression naming it. */
export type InternConstant = (expr: string) => string;

interface Refinement {
  rule: readonly [rule: string, ...args: string[]];
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);
const IS_OBJECT = (v: string) => `typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v})`;
const number = (value: number) => (Number.isFinite(value) ? String(value) : value > 0 ? '1/0' : '-1/0');

/** Generates predicate functions (`x<n>`), one per distinct schema, each `(v) => boolean`. */
export class PredicateCompiler {
  private readonly functions: string[] = [];
  private readonly ids = new Map<string, string>();
  /** The object property whose value is being compiled. */
  private field: string | undefined;

  constructor(
    private readonly constant: InternConstant,
    /** The source of a JSON Schema `pattern` as a regex literal. */
    private readonly regex: (pattern: string) => string,
    /** Adds an import from `lean/schema.js` (`lengthWithin`) and returns its name. */
    private readonly helper: (name: string) => string,
  ) {}

  /** The name of a function deciding `node` exactly, or `undefined` when it always defers to the combinators. */
  compile(node: JsonSchema): string | undefined {
    const test = this.test(node, 'v');
    if (test === undefined) return undefined;
    // A test that is a single call needs no wrapper: name the function it calls.
    return /^x\d+\(v\)$/.test(test) ? test.slice(0, -3) : this.define(`  return ${test};`);
  }

  /** Function declarations, dependencies first. */
  declarations(): string[] {
    return this.functions;
  }

  private define(body: string): string {
    let name = this.ids.get(body);
    if (name === undefined) {
      name = `x${this.functions.length}`;
      this.functions.push(`function ${name}(v: any): boolean {\n${body}\n}`);
      this.ids.set(body, name);
    }
    return name;
  }

  /** A boolean expression over `v`, or `undefined`. */
  private test(node: JsonSchema, v: string): string | undefined {
    const { [REFINE]: refinements = [], ...plain } = node as JsonSchema & { [REFINE]?: Refinement[] };
    const base = this.plainTest(plain, v);
    if (base === undefined) return undefined;
    const rules = refinements.map(({ rule: [name, ...args] }) => {
      const check = this.constant(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
      return `${check}(${v})`;
    });
    return [base, ...rules].join(' && ');
  }

  private plainTest(node: JsonSchema, v: string): string | undefined {
    if (node.not !== undefined) return 'false';
    if (node.const !== undefined) return `${v} === ${JSON.stringify(node.const)}`;
    if (Array.isArray(node.enum)) return `(${node.enum.map((e) => `${v} === ${JSON.stringify(e)}`).join(' || ')})`;
    if (Array.isArray(node.anyOf)) {
      // A union returns its first accepting option's output: only plain when no option can strip or copy.
      const options = node.anyOf as JsonSchema[];
      if (!options.every((o) => PRIMITIVE_TYPES.has(o.type as string) || o.const !== undefined || o.enum)) {
        return undefined;
      }
      const tests = options.map((o) => this.test(o, v));
      return tests.includes(undefined) ? undefined : `(${tests.join(' || ')})`;
    }
    if (Array.isArray(node.oneOf)) return this.call(this.tagged(node.oneOf as JsonSchema[]), v);
    switch (node.type) {
      case 'string':
        return this.string(node, v);
      case 'number':
      case 'integer': {
        const min = typeof node.minimum === 'number' ? node.minimum : Number.NEGATIVE_INFINITY;
        const max = typeof node.maximum === 'number' ? node.maximum : Number.POSITIVE_INFINITY;
        const safe = node.type === 'integer' && max === Number.MAX_SAFE_INTEGER && min >= -Number.MAX_SAFE_INTEGER;
        // A safe integer is an integer is a finite number: one call where the bounds allow it.
        const parts = safe
          ? [`Number.isSafeInteger(${v})`]
          : [`typeof ${v} === "number"`, node.type === 'integer' ? `Number.isInteger(${v})` : `Number.isFinite(${v})`];
        if (min > (safe ? -Number.MAX_SAFE_INTEGER : Number.NEGATIVE_INFINITY)) parts.push(`${v} >= ${number(min)}`);
        if (!safe && max < Number.POSITIVE_INFINITY) parts.push(`${v} <= ${number(max)}`);
        return parts.join(' && ');
      }
      case 'boolean':
        return `typeof ${v} === "boolean"`;
      case 'array':
        return this.call(this.array(node), v);
      case 'object':
        return this.call(node.properties ? this.object(node) : this.record(node), v);
      default:
        return undefined;
    }
  }

  private call(body: string | undefined, v: string): string | undefined {
    return body === undefined ? undefined : `${this.define(body)}(${v})`;
  }

  private string(node: JsonSchema, v: string): string {
    const parts = [`typeof ${v} === "string"`];
    const min = (node.minLength as number | undefined) ?? 0;
    const max = (node.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY;
    if (min > 0 || Number.isFinite(max)) parts.push(`${this.helper('lengthWithin')}(${v}, ${min}, ${number(max)})`);
    if (typeof node.pattern === 'string') {
      const recall = this.recallOf(node);
      parts.push(
        recall === undefined
          ? `${this.constant(this.regex(node.pattern))}.test(${v})`
          : `${recall}(${v}) !== undefined`,
      );
    }
    return parts.join(' && ');
  }

  /**
   * The remembered-id test of a UUID string in the current field, or `undefined`. Ids repeat from frame to frame
   * (timestamps do not): remembered ones skip the pattern. One memory per field, so a field whose ids never repeat
   * (a vote's) does not push out those that do (its poll's).
   */
  private recallOf(node: JsonSchema): string | undefined {
    if (node.type !== 'string' || node.format !== 'uuid' || typeof node.pattern !== 'string') return undefined;
    const regex = this.constant(this.regex(node.pattern));
    return this.constant(`${this.helper('recall')}(${regex}) /* ${this.field ?? ''} */`);
  }

  private array(node: JsonSchema): string | undefined {
    const item = this.test(node.items as JsonSchema, 'e');
    if (item === undefined) return undefined;
    const min = (node.minItems as number | undefined) ?? 0;
    const max = (node.maxItems as number | undefined) ?? Number.POSITIVE_INFINITY;
    const size = [...(min > 0 ? [`v.length < ${min}`] : []), ...(Number.isFinite(max) ? [`v.length > ${max}`] : [])];
    return [
      `  if (!Array.isArray(v)${size.map((s) => ` || ${s}`).join('')}) return false;`,
      '  for (let i = 0; i < v.length; i++) {',
      '    const e = v[i];',
      `    if (!(${item})) return false;`,
      '  }',
      '  return true;',
    ].join('\n');
  }

  /** Every property checked, and as many own keys as properties present: nothing to strip. */
  private object(node: JsonSchema): string | undefined {
    const required = new Set((node.required as string[] | undefined) ?? []);
    const lines = [`  if (!(${IS_OBJECT('v')})) return false;`, '  let n = 0;', '  let x;'];
    for (const [key, schema] of Object.entries(node.properties as Record<string, JsonSchema>)) {
      const outer = this.field;
      this.field = key;
      const test = this.test(schema, 'x');
      const recall = this.recallOf(schema);
      this.field = outer;
      if (test === undefined) return undefined;
      const k = JSON.stringify(key);
      lines.push(`  x = v[${k}];`);
      // A remembered id replaces the decoded copy (the value is owned): the same string object in every frame.
      const recalled = recall === undefined ? test : test.replace(`${recall}(x)`, `(x = ${recall}(x))`);
      const pass = recall === undefined ? 'n++;' : `v[${k}] = x;\n  n++;`;
      // Every test fails on `undefined`, so a required key that passes is present.
      lines.push(
        required.has(key)
          ? `  if (!(${recalled})) return false;\n  ${pass}`
          : test === 'false'
            ? `  if (x !== undefined) return false;\n  if (${k} in v) n++;`
            : `  if (x !== undefined) {\n    if (!(${recalled})) return false;\n    ${pass.replace('\n', '\n  ')}\n  } else if (${k} in v) n++;`,
      );
    }
    lines.push('  for (const _ in v) n--;', '  return n === 0;');
    return lines.join('\n');
  }

  private record(node: JsonSchema): string | undefined {
    const key = this.test({ type: 'string', ...(node.propertyNames as JsonSchema | undefined) }, 'k');
    const value = this.test(node.additionalProperties as JsonSchema, 'e');
    if (key === undefined || value === undefined) return undefined;
    return [
      `  if (!(${IS_OBJECT('v')})) return false;`,
      '  for (const k of Object.keys(v)) {',
      '    const e = v[k];',
      `    if (k === "__proto__" || !(${key}) || !(${value})) return false;`,
      '  }',
      '  return true;',
    ].join('\n');
  }

  /** A discriminated union: the tag picks the option, as `tagged` does. */
  private tagged(options: JsonSchema[]): string | undefined {
    const first = Object.keys((options[0]?.properties as object | undefined) ?? {});
    const tagOf = (option: JsonSchema, key: string) =>
      ((option.properties as Record<string, JsonSchema> | undefined)?.[key]?.const as string | undefined) ?? undefined;
    const tag = first.find((key) => options.every((option) => typeof tagOf(option, key) === 'string'));
    if (tag === undefined) return undefined;
    const cases = options.map((option) => {
      const test = this.test(option, 'v');
      return `    case ${JSON.stringify(tagOf(option, tag))}: return ${test ?? 'false'};`;
    });
    return [
      `  if (!(${IS_OBJECT('v')})) return false;`,
      `  switch (v[${JSON.stringify(tag)}]) {`,
      ...cases,
      '    default: return false;',
      '  }',
    ].join('\n');
  }
}
