/** One stream's entries from an `XREAD` reply: `[id, [field, value, ...]]` in id order. */
export type StreamEntries = [string, string[]][];

/**
 * Normalizes an `XREAD` reply (RESP2 array of `[key, entries]`, or a RESP3 map) to `[key, entries]` pairs;
 * `null` (timeout or `CLIENT UNBLOCK`) gives none.
 */
export function xreadStreams(reply: unknown): [string, StreamEntries][] {
  if (reply == null) return [];
  if (Array.isArray(reply)) return reply as [string, StreamEntries][];
  if (reply instanceof Map) return [...reply.entries()] as [string, StreamEntries][];
  return Object.entries(reply as Record<string, StreamEntries>);
}
