import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  connectRedis,
  deleteKeys,
  REDIS_URL,
  readReferenceServerUrls,
  redisTestPrefix,
  type ServerProcess,
  spawnServerProcess,
} from '@pollwire/test-kit';

/** Two reference-server processes on one Redis prefix, sharing the token secret: a cluster. */
export interface Cluster {
  nodes: ServerProcess[];
  prefix: string;
  close(): Promise<void>;
}

/** One cluster node: the reference server in Redis mode, as `pnpm serve` runs it with `REDIS_URL` set. */
const NODE_SCRIPT = fileURLToPath(new URL('../../../../../examples/reference-server/src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

export async function startCluster(name: string, size = 2): Promise<Cluster> {
  const prefix = redisTestPrefix(name);
  const env = { REDIS_URL, REDIS_PREFIX: prefix, TOKEN_SECRET: randomBytes(32).toString('base64url'), PORT: '0' };
  const nodes = await Promise.all(
    Array.from({ length: size }, () =>
      spawnServerProcess({
        script: NODE_SCRIPT,
        cwd: ROOT,
        env,
        readUrls: readReferenceServerUrls,
        startTimeoutMs: 20_000,
      }),
    ),
  );
  return {
    nodes,
    prefix,
    async close() {
      await Promise.all(nodes.map((node) => node.stop()));
      const client = await connectRedis();
      await deleteKeys(client, prefix);
      await client.close();
    },
  };
}
