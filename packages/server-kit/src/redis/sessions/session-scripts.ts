import { defineScript } from '../connection/script.js';

/**
 * Compare-and-set of one record. KEYS: data hash, versions hash. ARGV: data field, version field, JSON,
 * expected version (`''`: unconditional). Returns the new version, or -1 when another write came first.
 */
export const putRecordScript = defineScript(
  'pollwire-record-put',
  `
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= current then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
`,
);

/** Reads records with their versions. KEYS: data hash, versions hash. ARGV: data field, version field. */
export const getRecordScript = defineScript(
  'pollwire-record-get',
  `
return { redis.call('HGET', KEYS[1], ARGV[1]), redis.call('HGET', KEYS[2], ARGV[2]) }
`,
);

/** Every poll of a session with its version. KEYS: polls hash, versions hash. Returns `{ id, json, v, ... }`. */
export const listPollsScript = defineScript(
  'pollwire-polls-list',
  `
local out = {}
local polls = redis.call('HGETALL', KEYS[1])
for i = 1, #polls, 2 do
  out[#out + 1] = polls[i]
  out[#out + 1] = polls[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], 'poll:' .. polls[i]) or '0'
end
return out
`,
);
