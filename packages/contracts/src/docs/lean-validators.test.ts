import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { envelopeSchemas } from '../envelope.js';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEAN_VALIDATORS_PATH, compileJsonSchema, leanJsonSchema, renderLeanValidators } from './lean-validators.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The compiled expression without its `@__PURE__` (tree-shaking) annotations. */
const compile = (schema: Record<string, unknown>) => compileJsonSchema(schema).replaceAll('/* @__PURE__ */ ', '');

describe('lean validator generator', () => {
  it('is deterministic and matches the committed module (run `pnpm run docs` when it does not)', () => {
    const source = renderLeanValidators();
    expect(renderLeanValidators()).toBe(source);
    expect(readFileSync(join(root, LEAN_VALIDATORS_PATH), 'utf8')).toBe(source);
  });

  it('emits a module without Zod, sharing repeated checks as constants', () => {
    const source = renderLeanValidators();
    expect(source).not.toMatch(/zod/);
    expect(source.match(/\^\(\[0-9a-fA-F\]\{8\}/g)).toHaveLength(1);
    expect(source).toContain('export const fromServer');
    expect(source).toContain('export const toServer');
  });

  it('gives every envelope servers send an exactness fast path', () => {
    const source = renderLeanValidators();
    const fromServer = source.slice(
      source.indexOf('export const fromServer'),
      source.indexOf('export const serverPayloads'),
    );
    const envelopes = fromServer.match(/(room|unicast): /g) ?? [];
    expect(envelopes.length).toBeGreaterThan(14);
    expect(fromServer.match(/(room|unicast): \/\* @__PURE__ \*\/ exact\(/g)).toHaveLength(envelopes.length);
  });

  it('gives every payload servers send a validator, sharing its code with the envelope', () => {
    const source = renderLeanValidators();
    const payloads = source.slice(
      source.indexOf('export const serverPayloads'),
      source.indexOf('export const toServer'),
    );
    const fromServer = source.slice(
      source.indexOf('export const fromServer'),
      source.indexOf('export const serverPayloads'),
    );
    expect(payloads.match(/(room|unicast): v\d+/g)).toHaveLength(fromServer.match(/(room|unicast): /g)?.length ?? -1);
  });

  it('carries each refinement over as its lean rule, with the contract message and path', () => {
    const source = renderLeanValidators();
    expect(source).toContain(`uniqueBy("optionId"), "optionId values must be unique")`);
    expect(source).toContain(
      `lessThan("minRating", "maxRating"), "minRating must be less than maxRating", ["maxRating"])`,
    );
    expect(source).toContain(`uniqueBy(), "selectedOptionIds must be unique")`);
  });

  it('reads a unicast seq (z.undefined) as a key that must be absent', () => {
    const schema = leanJsonSchema(envelopeSchemas['vote:rejected'].unicast!) as { properties: { seq: unknown } };
    expect(schema.properties.seq).toEqual({ not: {} });
  });

  it('compiles strings, numbers, objects and records with the defaults left out', () => {
    expect(compileJsonSchema({ type: 'string', maxLength: 9 })).toBe('/* @__PURE__ */ str(0, 9)');
    expect(compile({ type: 'string', minLength: 1, maxLength: 128 })).toBe('str(1, 128)');
    expect(compile({ type: 'string', pattern: 'a/b' })).toBe('str(0, 1/0, /a\\/b/)');
    expect(compile({ type: 'integer', minimum: 0, maximum: 10 })).toBe('num(0, 10, 1)');
    expect(compile({ type: 'number' })).toBe('num(-1/0, 1/0)');
    expect(
      compile({
        type: 'object',
        properties: { a: { type: 'boolean' }, b: { type: 'boolean' } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toBe('obj({ "a": bool, "b": opt(bool) }, 1)');
    expect(compile({ type: 'object', propertyNames: { pattern: '^\\d$' }, additionalProperties: { const: 1 } })).toBe(
      'rec(str(0, 1/0, /^\\d$/), lit(1))',
    );
  });

  it.each([
    ['an unknown keyword', { type: 'string', contentEncoding: 'base64' }, /unsupported JSON Schema keywords/],
    ['exclusive bounds', { type: 'number', exclusiveMinimum: 0 }, /exclusiveMinimum/],
    ['a $ref', { $ref: '#/$defs/x' }, /\$ref|without a type/],
    ['a oneOf without a discriminator', { oneOf: [{ type: 'string' }, { type: 'number' }] }, /discriminated union/],
    ['uniqueItems without a rule', { type: 'array', items: {}, uniqueItems: true }, /uniqueItems without a rule/],
    ['a loose object', { type: 'object', properties: {}, additionalProperties: {} }, /stripping objects/],
  ])('fails generation on %s instead of skipping it', (_name, schema, error) => {
    expect(() => compileJsonSchema(schema)).toThrow(error);
  });

  it('fails generation on a refinement without a lean rule, and on Zod types it does not know', () => {
    const refined = z.string().check(z.refine((s) => s !== 'x', { message: 'not x' }));
    expect(() => leanJsonSchema(refined)).toThrow(/no lean rule/);
    expect(() => leanJsonSchema(z.object({ at: z.date() }))).toThrow(/does not support z.date/);
  });
});
