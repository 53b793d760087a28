import { createHash } from 'node:crypto';

/** A Lua script, loaded by SHA1 and sent in full only when Redis does not have it cached. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

/** Defines a Lua script; `name` only labels errors. */
export function defineScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash('sha1').update(source).digest('hex') };
}
