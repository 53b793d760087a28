import { EVENT_NAMES, eventCatalog, eventDirection } from '../catalog.js';
import { CONTRACT_VERSION } from '../version.js';
import { type JsonSchema, schemaFile } from './json-schemas.js';
import { roomAudience } from '../audience.js';
import { AUDIENCE_TEXT, PRIVACY_TEXT, SCOPE_TEXT, UNEXPRESSIBLE_RULES } from './notes.js';
import { type EventShape, shapesOf } from './shapes.js';

interface FieldRow {
  field: string;
  type: string;
  required: string;
  constraints: string;
}

const FORMAT_LABEL: Record<string, string> = { uuid: 'UUID', 'date-time': 'ISO 8601 UTC timestamp' };
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const code = (value: unknown): string => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `${code(schema.const)}`;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(code).join(' \\| ');
  if (typeof schema.format === 'string') return FORMAT_LABEL[schema.format] ?? `string (${schema.format})`;
  if (schema.type === 'array') return `array of ${typeOf((schema.items ?? {}) as JsonSchema)}`;
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map of ${typeOf(schema.additionalProperties as JsonSchema)}`;
  }
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return 'object, exactly one of the fields below';
  if (schema.not !== undefined) return 'absent';
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function constraintsOf(schema: JsonSchema): string {
  const out: string[] = [];
  if (schema.minimum !== undefined) out.push(`≥ ${String(schema.minimum)}`);
  if (schema.maximum !== undefined && schema.maximum !== MAX_SAFE) out.push(`≤ ${String(schema.maximum)}`);
  if (schema.minLength !== undefined) out.push(`length ≥ ${String(schema.minLength)}`);
  if (schema.maxLength !== undefined) out.push(`length ≤ ${String(schema.maxLength)}`);
  if (schema.minItems !== undefined) out.push(`items ≥ ${String(schema.minItems)}`);
  if (schema.maxItems !== undefined) out.push(`items ≤ ${String(schema.maxItems)}`);
  if (schema.uniqueItems === true) out.push('unique');
  if (typeof schema.pattern === 'string' && schema.format === undefined) out.push(`pattern ${code(schema.pattern)}`);
  const keys = schema.propertyNames as JsonSchema | undefined;
  if (keys && typeof keys.pattern === 'string') out.push(`keys match ${code(keys.pattern)}`);
  if (schema.additionalProperties === false) out.push('strict (unknown keys rejected)');
  return out.join(', ');
}

function rows(schema: JsonSchema, prefix = '', oneOf = false): FieldRow[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const requiredText = (key: string) => (oneOf ? 'one of' : required.has(key) ? 'yes' : 'no');
  const out: FieldRow[] = [];
  for (const [key, property] of Object.entries(properties)) {
    if (property.not !== undefined) continue;
    const field = `${prefix}${key}`;
    out.push({ field, type: typeOf(property), required: requiredText(key), constraints: constraintsOf(property) });
    const items = property.items as JsonSchema | undefined;
    if (items?.properties) out.push(...rows(items, `${field}[].`));
    if (property.properties) out.push(...rows(property, `${field}.`));
    for (const variant of (property.anyOf ?? property.oneOf ?? []) as JsonSchema[]) {
      out.push(...rows(variant, `${field}.`, true));
    }
  }
  return out;
}

const escapePipes = (text: string): string => text.replaceAll('|', '\\|');

function table(schema: JsonSchema): string[] {
  const lines = ['| Field | Type | Required | Constraints |', '| --- | --- | --- | --- |'];
  for (const row of rows(schema)) {
    lines.push(`| \`${row.field}\` | ${row.type} | ${row.required} | ${escapePipes(row.constraints)} |`);
  }
  return lines;
}

function shapeSection(shape: EventShape, schema: JsonSchema, several: boolean): string[] {
  const lines: string[] = [];
  if (several) lines.push(`### ${shape.label[0]!.toUpperCase()}${shape.label.slice(1)}`, '');
  lines.push(
    `- Scope: ${SCOPE_TEXT[shape.scope]}`,
    ...(shape.scope === 'room'
      ? [`- Audience: \`${roomAudience(shape.event)}\`: ${AUDIENCE_TEXT[roomAudience(shape.event)]}`]
      : []),
    `- Privacy: \`${shape.privacy}\`: ${PRIVACY_TEXT[shape.privacy]}`,
    `- Schema: [\`schemas/${schemaFile(shape)}\`](schemas/${schemaFile(shape)})`,
    '',
  );
  const variants = schema.oneOf as JsonSchema[] | undefined;
  if (variants) {
    for (const variant of variants) {
      const discriminator = Object.values((variant.properties ?? {}) as Record<string, JsonSchema>).find(
        (p) => p.const !== undefined,
      );
      lines.push(`When ${discriminator ? code(discriminator.const) : 'variant'}:`, '', ...table(variant), '');
    }
  } else {
    lines.push(...table(schema), '');
  }
  return lines;
}

/** `docs/events.md`: the readable catalog, generated from the same schemas as `docs/schemas`. */
export function renderEventsMarkdown(schemaFiles: Record<string, JsonSchema>, contractHash: string): string {
  const lines = [
    '# Pollwire events',
    '',
    '<!-- Generated by `pnpm run docs` from @pollwire/contracts. Do not edit. -->',
    '',
    `Contract version \`${CONTRACT_VERSION}\`, hash \`${contractHash}\`.`,
    'Envelopes, handshake and replay are described in [protocol.md](protocol.md); JSON Schemas are in [schemas/](schemas/).',
    '',
    '| Event | Direction | Scope | Replayable | Privacy |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const name of EVENT_NAMES) {
    const shapes = shapesOf(name);
    const scopes = shapes.map((s) => s.scope).join(', ');
    const privacy = shapes.map((s) => s.privacy).join(', ');
    const replayable = shapes.some((s) => s.scope === 'room') ? 'yes' : 'no';
    const anchor = name.replace(':', '');
    lines.push(`| [\`${name}\`](#${anchor}) | ${eventDirection(name)} | ${scopes} | ${replayable} | ${privacy} |`);
  }
  lines.push('', 'String lengths are counted in Unicode code points, as JSON Schema does.', '');
  for (const name of EVENT_NAMES) {
    const shapes = shapesOf(name);
    lines.push(`## ${name}`, '', eventCatalog[name].summary, '', `- Direction: ${eventDirection(name)}`);
    lines.push(`- Replayable: ${shapes.some((s) => s.scope === 'room') ? 'yes' : 'no'}`);
    const rules = UNEXPRESSIBLE_RULES[name] ?? [];
    for (const rule of rules) lines.push(`- Rule: ${rule}`);
    lines.push('');
    for (const shape of shapes) lines.push(...shapeSection(shape, schemaFiles[schemaFile(shape)]!, shapes.length > 1));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
