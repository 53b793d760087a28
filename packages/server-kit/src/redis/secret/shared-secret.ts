import { randomBytes } from 'node:crypto';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands } from '../connection/commands.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';

export interface SharedSecretOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
  /**
   * Key name under the prefix.
   * @default 'token-secret'
   */
  name?: string;
  /** @default 32 random bytes, base64url */
  createSecret?: () => string;
}

/**
 * A secret every node of a cluster shares (e.g. the token signer's HMAC key), created once in Redis by the
 * first node (`SET NX`) and read by the others, so a token issued by one node verifies on any node. Prefer an
 * explicit secret from your secret store in production: this one is lost if Redis loses its data (tokens then
 * stop verifying and clients must obtain new ones).
 *
 * @example
 * const tokens = createTokenSigner({ secret: process.env.TOKEN_SECRET ?? (await getOrCreateSharedSecret({ client })) });
 */
export async function getOrCreateSharedSecret(options: SharedSecretOptions): Promise<string> {
  const key = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX).global(options.name ?? 'token-secret');
  const commands = createRedisCommands(options.client);
  const candidate = options.createSecret?.() ?? randomBytes(32).toString('base64url');
  await commands.call(['SET', key, candidate, 'NX']);
  return (await commands.call(['GET', key])) as string;
}
