import { randomBytes } from 'node:crypto';
import { connectClient, deleteKeys, REDIS_URL, testPrefix } from '../redis-env.js';
import { type NodeProcess, spawnNode } from './spawn-node.js';

/** Two reference-server processes on one Redis prefix, sharing the token secret: a cluster. */
export interface Cluster {
  nodes: NodeProcess[];
  prefix: string;
  close(): Promise<void>;
}

export async function startCluster(name: string, size = 2): Promise<Cluster> {
  const prefix = testPrefix(name);
  const env = { REDIS_URL, PREFIX: prefix, TOKEN_SECRET: randomBytes(32).toString('base64url') };
  const nodes = await Promise.all(Array.from({ length: size }, () => spawnNode(env)));
  return {
    nodes,
    prefix,
    async close() {
      await Promise.all(nodes.map((node) => node.stop()));
      const client = await connectClient();
      await deleteKeys(client, prefix);
      await client.close();
    },
  };
}
