/**
 * Generates `src/generated/validators.ts`: dependency-free validators of every envelope (each event, each scope),
 * compiled from the JSON Schema that Zod derives from the contract's envelope schemas, so the Zod schemas stay
 * the single source of truth. The refinements JSON Schema cannot express are carried over by identity to the
 * hand-written rules of `src/lean/rules.ts`. Anything the generator does not understand (a new keyword, Zod type
 * or refinement) fails generation instead of being silently skipped.
 */
import * as z from 'zod/mini';
import { EVENT_NAMES, type EventScopes, eventCatalog } from '../catalog.js';
import { envelopeSchemas } from '../envelope.js';
import { ratingBounds, uniqueOptionIds } from '../events/poll.js';
import { uniqueSelectedOptionIds } from '../events/vote.js';
import type { JsonSchema } from './json-schemas.js';
import { PredicateCompiler, REFINE } from './lean-predicates.js';
import type { ScopeKey } from './shapes.js';

/** Where the generated module goes, relative to the repository root. */
export const LEAN_VALIDATORS_PATH = 'packages/contracts/src/generated/validators.ts';

/** Each Zod refinement of the contract, and the `src/lean/rules.ts` rule (name and arguments) that checks it. */
const LEAN_RULES = new Map<unknown, readonly [rule: string, ...args: string[]]>([
  [uniqueOptionIds, ['uniqueBy', 'optionId']],
  [ratingBounds, ['lessThan', 'minRating', 'maxRating']],
  [uniqueSelectedOptionIds, ['uniqueBy']],
]);

/** Zod types the generator translates (through their JSON Schema). */
const SUPPORTED_TYPES = new Set([
  'object',
  'string',
  'number',
  'boolean',
  'optional',
  'array',
  'union',
  'literal',
  'enum',
  'record',
  'never',
  'undefined',
  'unknown',
]);

interface Refinement {
  rule: readonly [rule: string, ...args: string[]];
  message: string;
  path: PropertyKey[];
}

interface CheckDef {
  check: string;
  path?: PropertyKey[];
  error?: (issue: object) => unknown;
}

const defOf = (schema: unknown) =>
  (schema as { _zod: { def: { type: string; checks?: { _zod: { def: CheckDef } }[] } } })._zod.def;

function refinementsOf(schema: unknown): Refinement[] {
  return (defOf(schema).checks ?? [])
    .filter((check) => check._zod.def.check === 'custom')
    .map((check) => {
      const rule = LEAN_RULES.get(check);
      if (!rule)
        throw new Error('a Zod refinement has no lean rule: add one to LEAN_RULES (src/docs/lean-validators.ts)');
      const { error, path = [] } = check._zod.def;
      const message = error?.({});
      if (typeof message !== 'string') throw new Error(`the refinement ${rule[0]} needs a static message`);
      return { rule, message, path };
    });
}

/** The envelope's JSON Schema as the generator reads it: input side, with refinements annotated. */
export function leanJsonSchema(schema: z.ZodMiniType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    // Only `z.undefined()` is unrepresentable here (the unicast `seq`); the override rejects anything else.
    unrepresentable: 'any',
    override: (ctx) => {
      const { type } = defOf(ctx.zodSchema);
      if (!SUPPORTED_TYPES.has(type)) throw new Error(`the lean validator generator does not support z.${type}()`);
      // JSON has no undefined: a present value is invalid.
      if (type === 'undefined') ctx.jsonSchema.not = {};
      const refinements = refinementsOf(ctx.zodSchema);
      if (refinements.length > 0) ctx.jsonSchema[REFINE] = refinements;
    },
  }) as JsonSchema;
}

const number = (value: number): string =>
  value === Number.POSITIVE_INFINITY ? '1/0' : value === Number.NEGATIVE_INFINITY ? '-1/0' : String(value);

/** Trailing arguments equal to the combinator's defaults are left out. */
function call(name: string, args: string[], defaults: string[] = []): string {
  const kept = [...args];
  while (kept.length > 0 && kept[kept.length - 1] === defaults[kept.length - 1]) kept.pop();
  return `${name}(${kept.join(', ')})`;
}

function regexLiteral(pattern: string): string {
  let out = '';
  let escaped = false;
  for (const char of pattern) {
    out += char === '/' && !escaped ? '\\/' : char;
    escaped = char === '\\' && !escaped;
  }
  new RegExp(out); // fails generation on a pattern JavaScript cannot compile
  return `/${out}/`;
}

// Placeholders for interned sub-expressions; the mark cannot occur in generated source.
const MARK = '\u0001';
const PLACEHOLDER = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');

const ZOD_FORMATS: Record<string, string> = { uuid: 'uuid', 'date-time': 'datetime' };

/**
 * Compiles JSON Schema nodes to combinator expressions, sharing every sub-expression used more than once
 * as a module constant (the envelope fields, UUID and timestamp checks are shared by every event).
 */
class Compiler {
  private readonly exprs: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly uses: number[] = [];
  readonly imports = new Set<string>();
  readonly rules = new Set<string>();

  /** Interns an expression; returns a placeholder resolved by {@link render}. */
  private intern(expr: string): string {
    let id = this.ids.get(expr);
    if (id === undefined) {
      id = this.exprs.push(expr) - 1;
      this.ids.set(expr, id);
      this.uses.push(0);
    }
    this.uses[id]! += 1;
    return `${MARK}${id}${MARK}`;
  }

  /** Interns an expression that always becomes a named module constant (used from function bodies). */
  constant(expr: string): string {
    const placeholder = this.intern(expr);
    this.uses[this.ids.get(expr)!]! += 1;
    return placeholder;
  }

  use(name: string, args: string[] = [], defaults: string[] = []): string {
    this.imports.add(name);
    return args.length === 0 && defaults.length === 0 ? name : this.intern(call(name, args, defaults));
  }

  compile(node: JsonSchema, where: string): string {
    const seen = new Set(['$schema', 'description', 'title']);
    const take = <T>(key: string): T | undefined => {
      seen.add(key);
      return node[key] as T | undefined;
    };
    let expr = this.compileType(node, take, where);
    for (const { rule, message, path } of take<Refinement[]>(REFINE) ?? []) {
      const [name, ...args] = rule;
      this.rules.add(name);
      const check = call(
        name,
        args.map((arg) => JSON.stringify(arg)),
      );
      expr = this.use('refine', [expr, check, JSON.stringify(message), JSON.stringify(path)], ['', '', '', '[]']);
    }
    const unknown = Object.keys(node).filter((key) => !seen.has(key));
    if (unknown.length > 0) throw new Error(`${where}: unsupported JSON Schema keywords ${unknown.join(', ')}`);
    return expr;
  }

  private compileType(node: JsonSchema, take: <T>(key: string) => T | undefined, where: string): string {
    const not = take<JsonSchema>('not');
    if (not !== undefined) {
      if (Object.keys(not).length > 0) throw new Error(`${where}: only { not: {} } is supported`);
      return this.use('never');
    }
    const oneOf = take<JsonSchema[]>('oneOf');
    if (oneOf) return this.compileTagged(oneOf, where);
    const anyOf = take<JsonSchema[]>('anyOf');
    if (anyOf)
      return this.use(
        'union',
        anyOf.map((option, i) => this.compile(option, `${where}|${i}`)),
      );
    const type = take<string>('type');
    const constant = take<unknown>('const');
    const values = take<unknown[]>('enum');
    if (constant !== undefined) return this.use('lit', [JSON.stringify(constant)]);
    if (values)
      return this.use(
        'lit',
        values.map((value) => JSON.stringify(value)),
      );
    switch (type) {
      case 'string': {
        const pattern = take<string>('pattern');
        const format = take<string>('format');
        const args = [
          number(take<number>('minLength') ?? 0),
          number(take<number>('maxLength') ?? Number.POSITIVE_INFINITY),
          pattern === undefined ? 'undefined' : this.intern(regexLiteral(pattern)),
          JSON.stringify(format === undefined ? 'regex' : (ZOD_FORMATS[format] ?? format)),
        ];
        return this.use('str', args, ['0', '1/0', 'undefined', '"regex"']);
      }
      case 'integer':
      case 'number': {
        const min = take<number>('minimum') ?? Number.NEGATIVE_INFINITY;
        const max = take<number>('maximum') ?? Number.POSITIVE_INFINITY;
        return this.use('num', [number(min), number(max), ...(type === 'integer' ? ['1'] : [])]);
      }
      case 'boolean':
        return this.use('bool');
      case 'array': {
        const items = take<JsonSchema>('items');
        if (!items) throw new Error(`${where}: arrays need items`);
        // Uniqueness comes with its refinement (rule and message); see LEAN_RULES.
        if (take<boolean>('uniqueItems') && !node[REFINE]) throw new Error(`${where}: uniqueItems without a rule`);
        const args = [
          this.compile(items, `${where}[]`),
          number(take<number>('minItems') ?? 0),
          number(take<number>('maxItems') ?? Number.POSITIVE_INFINITY),
        ];
        return this.use('arr', args, ['', '0', '1/0']);
      }
      case 'object':
        return this.compileObject(take, where);
      case undefined:
        if (Object.keys(node).every((key) => key === '$schema' || key === 'description' || key === 'title')) {
          return this.use('anything');
        }
        throw new Error(`${where}: schema without a type`);
      default:
        throw new Error(`${where}: unsupported type ${type}`);
    }
  }

  private compileObject(take: <T>(key: string) => T | undefined, where: string): string {
    const properties = take<Record<string, JsonSchema>>('properties');
    const required = new Set(take<string[]>('required') ?? []);
    const additional = take<JsonSchema | boolean>('additionalProperties');
    const propertyNames = take<JsonSchema>('propertyNames');
    if (!properties) {
      if (typeof additional !== 'object') throw new Error(`${where}: records need additionalProperties`);
      const key = propertyNames ? this.compile({ type: 'string', ...propertyNames }, `${where}{key}`) : this.use('str');
      return this.use('rec', [key, this.compile(additional, `${where}{}`)]);
    }
    if (propertyNames !== undefined || (additional !== undefined && additional !== false)) {
      throw new Error(`${where}: only strict (additionalProperties: false) and stripping objects are supported`);
    }
    const entries = Object.entries(properties).map(([key, schema]) => {
      const check = this.compile(schema, `${where}.${key}`);
      return `${JSON.stringify(key)}: ${required.has(key) ? check : this.use('opt', [check])}`;
    });
    return this.use('obj', [`{ ${entries.join(', ')} }`, additional === false ? '1' : ''], ['', '']);
  }

  /** A `oneOf` from `z.discriminatedUnion`: the discriminator is the property every option fixes to a string. */
  private compileTagged(options: JsonSchema[], where: string): string {
    const tagOf = (option: JsonSchema, key: string) => {
      const property = (option.properties as Record<string, JsonSchema> | undefined)?.[key];
      const required = (option.required as string[] | undefined)?.includes(key);
      return required && typeof property?.const === 'string' ? property.const : undefined;
    };
    const first = Object.keys((options[0]?.properties as object | undefined) ?? {});
    const tag = first.find((key) => options.every((option) => tagOf(option, key) !== undefined));
    const values = options.map((option) => tagOf(option, tag ?? ''));
    if (tag === undefined || new Set(values).size !== options.length) {
      throw new Error(`${where}: oneOf is only supported as a discriminated union`);
    }
    const entries = options.map(
      (option, i) => `${JSON.stringify(values[i])}: ${this.compile(option, `${where}<${values[i]}>`)}`,
    );
    return this.use('tagged', [JSON.stringify(tag), `{ ${entries.join(', ')} }`]);
  }

  /** Resolves placeholders: expressions used once are inlined, the others become constants. */
  render(expr: string): string {
    return expr.replace(PLACEHOLDER, (_, id: string) => {
      const index = Number(id);
      return this.uses[index]! > 1 ? this.nameOf(index) : this.render(this.pure(this.exprs[index]!));
    });
  }

  private names: Map<number, string> | undefined;

  /** `r<n>` for shared patterns, `v<n>` for shared validators, numbered in order of definition. */
  private nameOf(index: number): string {
    if (!this.names) {
      const names = new Map<number, string>();
      const counts = { r: 0, v: 0 };
      this.exprs.forEach((expr, i) => {
        if (this.uses[i]! <= 1) return;
        const prefix = expr.startsWith('/') ? 'r' : 'v';
        names.set(i, `${prefix}${counts[prefix]++}`);
      });
      this.names = names;
    }
    return this.names.get(index)!;
  }

  private pure(expr: string): string {
    return expr.includes('(') && !expr.startsWith('/') ? `/* @__PURE__ */ ${expr}` : expr;
  }

  /** Module constants for the shared expressions, dependencies first. */
  constants(): string[] {
    return this.exprs.flatMap((expr, index) =>
      this.uses[index]! > 1 ? [`const ${this.nameOf(index)} = ${this.render(this.pure(expr))};`] : [],
    );
  }
}

/**
 * One JSON Schema as combinator source: the shared constants, then the expression. For tests and inspection.
 *
 * @example
 * compileJsonSchema({ type: 'string', minLength: 1, maxLength: 128 }); // 'str(1, 128)'
 */
export function compileJsonSchema(schema: JsonSchema): string {
  const compiler = new Compiler();
  const expr = compiler.compile(schema, 'schema');
  return [...compiler.constants(), compiler.render(expr)].join('\n');
}

/** The source of `src/generated/validators.ts`. Deterministic: the same contract always yields the same text. */
export function renderLeanValidators(): string {
  const compiler = new Compiler();
  const predicates = new PredicateCompiler(
    (expr) => compiler.constant(expr),
    regexLiteral,
    (name) => {
      compiler.imports.add(name);
      return name;
    },
  );
  const server: string[] = [];
  const client: string[] = [];
  const payloads: string[] = [];
  for (const name of EVENT_NAMES) {
    const scopes: EventScopes = eventCatalog[name].scopes;
    const envelopes = envelopeSchemas[name];
    const shape = (scope: ScopeKey) => compiler.compile(leanJsonSchema(envelopes[scope]!), `${name}/${scope}`);
    // What servers send takes the fast path: the client checks every frame it receives.
    const fast = (scope: ScopeKey) => {
      const schema = leanJsonSchema(envelopes[scope]!);
      const validator = compiler.compile(schema, `${name}/${scope}`);
      const predicate = predicates.compile(schema);
      return predicate === undefined ? validator : compiler.use('exact', [validator, predicate]);
    };
    const fields = (['room', 'unicast'] as const).filter((scope) => scopes[scope]).map((s) => `${s}: ${fast(s)}`);
    server.push(`  ${JSON.stringify(name)}: { ${fields.join(', ')} },`);
    const payloadFields = (['room', 'unicast'] as const)
      .filter((scope) => scopes[scope])
      .map((scope) => `${scope}: ${compiler.compile(leanJsonSchema(scopes[scope]!), `${name}/${scope}/payload`)}`);
    payloads.push(`  ${JSON.stringify(name)}: { ${payloadFields.join(', ')} },`);
    if (scopes.toServer) client.push(`  ${JSON.stringify(name)}: ${shape('toServer')},`);
  }
  const combinators = [...compiler.imports].sort();
  const rules = [...compiler.rules].sort();
  return [
    '// Generated by `pnpm run docs` (packages/contracts/src/docs/lean-validators.ts) from the Zod schemas. Do not edit.',
    "import type { EventName } from '../catalog.js';",
    `import { ${rules.join(', ')} } from '../lean/rules.js';`,
    `import { type Validator, ${combinators.join(', ')} } from '../lean/schema.js';`,
    '',
    ...compiler.constants(),
    '',
    '// Exactness predicates (see src/docs/lean-predicates.ts): true when a decoded frame is its own parsed form.',
    ...predicates.declarations().map((fn) => compiler.render(fn)),
    '',
    '/** The envelope validators of what servers send, per event and scope; every event of the catalog is listed. */',
    'export const fromServer: Readonly<Record<EventName, { readonly room?: Validator; readonly unicast?: Validator }>> = {',
    ...server.map((line) => compiler.render(line)),
    '};',
    '',
    '/** The payload validators of what servers send, per event and scope (servers check what they broadcast). */',
    'export const serverPayloads: Readonly<Record<EventName, { readonly room?: Validator; readonly unicast?: Validator }>> = {',
    ...payloads.map((line) => compiler.render(line)),
    '};',
    '',
    '/** The envelope validators of what clients send, per event. */',
    'export const toServer: Readonly<Partial<Record<EventName, Validator>>> = {',
    ...client.map((line) => compiler.render(line)),
    '};',
    '',
  ].join('\n');
}
