import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeRedis, requireRedis } from './availability.js';

/** A loopback URL nothing listens on: a port taken, then released. */
async function deadRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `redis://127.0.0.1:${port}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requireRedis', () => {
  it('reports an unreachable Redis as unavailable', async () => {
    expect(await probeRedis(await deadRedisUrl())).toBe(false);
  });

  it('warns loudly and resolves false when not strict, naming the suite', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const url = await deadRedisUrl();
    expect(await requireRedis({ url, suite: 'the widget tests', strict: false })).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toContain(`SKIPPING Redis tests: Redis is not reachable at ${url}`);
    expect(warn.mock.calls[0]?.[0]).toContain('the widget tests cannot run');
  });

  it('throws when strict, so a CI run cannot pass by skipping', async () => {
    await expect(requireRedis({ url: await deadRedisUrl(), strict: true })).rejects.toThrow(/not reachable/);
  });
});
