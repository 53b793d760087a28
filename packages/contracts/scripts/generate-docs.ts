/**
 * Writes docs/schemas, docs/asyncapi.yaml, docs/events.md, the contract hash and the lean validators
 * (src/generated/validators.ts) from @pollwire/contracts.
 *
 * @example
 * pnpm --filter @pollwire/contracts run docs        # write
 * pnpm --filter @pollwire/contracts run docs:check  # exit 1 and list files that differ
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMAS_DIR, findDrift, generateDocs } from '../src/docs/outputs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const check = process.argv.includes('--check');

const read = (path: string): string | undefined => {
  const file = join(root, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};
const schemasDir = join(root, SCHEMAS_DIR);
const existingSchemas = existsSync(schemasDir) ? readdirSync(schemasDir).filter((f) => f.endsWith('.json')) : [];

const expected = generateDocs();
const drift = findDrift(expected, read, existingSchemas);

if (check) {
  if (drift.length > 0) {
    console.error('Generated docs are out of date (run `pnpm run docs`):');
    for (const { path, reason } of drift) console.error(`  ${reason}: ${path}`);
    process.exit(1);
  }
  console.log(`Generated docs are up to date (${expected.size} files).`);
} else {
  for (const { path, reason } of drift) {
    const file = join(root, path);
    if (reason === 'unexpected') {
      rmSync(file);
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, expected.get(path)!);
    }
    console.log(`${reason === 'unexpected' ? 'removed' : 'wrote'} ${path}`);
  }
  console.log(`${drift.length} of ${expected.size} generated files changed.`);
}
