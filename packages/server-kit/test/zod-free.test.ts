import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built package, as an app loads it (`pnpm test` builds first): Zod would grow a server's heap by megabytes
// at startup, and server-kit validates with the contract's generated lean validators instead.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = ['@pollwire/server-kit', '@pollwire/server-kit/redis'];
const work = mkdtempSync(join(tmpdir(), 'pollwire-zod-free-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function node(args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, args, {
    cwd: PACKAGE_DIR,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

const isZod = (file: string) =>
  /[/\\]node_modules[/\\](\.pnpm[/\\]zod@[^/\\]+[/\\]node_modules[/\\])?zod[/\\]/.test(file);

describe('the built server-kit', () => {
  it('has been built (run `pnpm build`)', () => {
    expect(existsSync(join(PACKAGE_DIR, 'dist/index.js'))).toBe(true);
  });

  it('loads no Zod and not the main contracts entry when imported as ESM', () => {
    const log = join(work, 'resolved.log');
    const hooks = join(work, 'hooks.mjs');
    const register = join(work, 'register.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.RESOLVED_LOG, result.url + '\\n');
  return result;
}`,
    );
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});`);
    node(['--import', register, '--input-type=module', '-e', ENTRIES.map((e) => `await import('${e}');`).join(' ')], {
      RESOLVED_LOG: log,
    });
    const loaded = readFileSync(log, 'utf8').trim().split('\n');
    expect(loaded.some((url) => url.endsWith('/server-kit/dist/index.js'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/server-kit/dist/redis/index.js'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/contracts/dist/client.js'))).toBe(true);
    expect(loaded.filter((url) => isZod(url) || url.endsWith('/contracts/dist/index.js'))).toEqual([]);
  });

  it('loads no Zod and not the main contracts entry when required as CommonJS', () => {
    const script = `${ENTRIES.map((e) => `require('${e}');`).join(' ')} console.log(JSON.stringify(Object.keys(require.cache)));`;
    const loaded = JSON.parse(node(['-e', script])) as string[];
    expect(loaded.some((file) => file.endsWith('/server-kit/dist/index.cjs'))).toBe(true);
    expect(loaded.some((file) => file.endsWith('/contracts/dist/client.cjs'))).toBe(true);
    expect(loaded.filter((file) => isZod(file) || file.endsWith('/contracts/dist/index.cjs'))).toEqual([]);
  });
});
