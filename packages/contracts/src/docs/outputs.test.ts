import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRACT_HASH } from '../version.js';
import { contractHash } from './contract-hash.js';
import { buildSchemaFiles } from './json-schemas.js';
import { LEAN_VALIDATORS_PATH } from './lean-validators.js';
import { CONTRACT_HASH_PATH, SCHEMAS_DIR, findDrift, generateDocs } from './outputs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const readFromRepo = (path: string) => {
  const file = join(root, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

describe('contract hash', () => {
  it('is the committed CONTRACT_HASH (a stale hash fails: run `pnpm run docs`)', () => {
    expect(CONTRACT_HASH).toMatch(/^[0-9a-f]{64}$/);
    expect(contractHash(buildSchemaFiles())).toBe(CONTRACT_HASH);
  });

  it('ignores key order and changes with any schema change', () => {
    const files = buildSchemaFiles();
    const reordered = Object.fromEntries(Object.entries(files).reverse());
    expect(contractHash(reordered)).toBe(contractHash(files));
    const changed = { ...files, 'poll-closed.json': { ...files['poll-closed.json'], title: 'changed' } };
    expect(contractHash(changed)).not.toBe(contractHash(files));
  });
});

describe('generated docs', () => {
  const expected = generateDocs();

  it('are deterministic', () => {
    expect(generateDocs()).toEqual(expected);
  });

  it('write the hash module, lean validators, index, AsyncAPI, events.md and one schema per shape', () => {
    expect([...expected.keys()]).toEqual(
      expect.arrayContaining([
        CONTRACT_HASH_PATH,
        LEAN_VALIDATORS_PATH,
        'docs/schemas/index.json',
        'docs/schemas/server-envelope.json',
        'docs/schemas/client-envelope.json',
        'docs/schemas/vote-accepted.broadcast.json',
        'docs/schemas/vote-accepted.confirmation.json',
        'docs/asyncapi.yaml',
        'docs/events.md',
      ]),
    );
    expect(expected.get(CONTRACT_HASH_PATH)).toContain(`export const CONTRACT_HASH = '${CONTRACT_HASH}';`);
  });

  it('have no drift from the files in the repository (docs:check)', () => {
    const existing = readdirSync(join(root, SCHEMAS_DIR)).filter((f) => f.endsWith('.json'));
    expect(findDrift(expected, readFromRepo, existing)).toEqual([]);
  });

  it('report missing, differing and unexpected files', () => {
    const files = new Map([
      ['docs/a.md', 'a'],
      ['docs/b.md', 'b'],
      [`${SCHEMAS_DIR}/x.json`, '{}'],
    ]);
    const disk: Record<string, string> = { 'docs/b.md': 'old', [`${SCHEMAS_DIR}/x.json`]: '{}' };
    expect(findDrift(files, (path) => disk[path], ['x.json', 'stale.json'])).toEqual([
      { path: 'docs/a.md', reason: 'missing' },
      { path: 'docs/b.md', reason: 'differs' },
      { path: `${SCHEMAS_DIR}/stale.json`, reason: 'unexpected' },
    ]);
  });
});
