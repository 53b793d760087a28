import { defineScript } from '../connection/script.js';

/**
 * One connection opens (`ARGV[3]` = 1) or closes (-1). KEYS: presence (participant -> connections anywhere),
 * presenceByNode (`<node>|<participant>` -> connections on that node). ARGV: nodeId, participantId, delta.
 * Returns `{ changed, participantCount }`: changed is 1 when the participant's first connection anywhere
 * opened or its last one closed.
 */
export const presenceScript = defineScript(
  'pollwire-presence',
  `
local presence, byNode = KEYS[1], KEYS[2]
local field = ARGV[1] .. '|' .. ARGV[2]
local delta = tonumber(ARGV[3])
local onNode = tonumber(redis.call('HGET', byNode, field) or '0')
if delta < 0 and onNode <= 0 then return { 0, redis.call('HLEN', presence) } end
local changed = 0
if onNode + delta <= 0 then redis.call('HDEL', byNode, field) else redis.call('HINCRBY', byNode, field, delta) end
local total = redis.call('HINCRBY', presence, ARGV[2], delta)
if total <= 0 then
  redis.call('HDEL', presence, ARGV[2])
  changed = 1
elseif total == 1 and delta > 0 then
  changed = 1
end
return { changed, redis.call('HLEN', presence) }
`,
);

/**
 * Removes every connection a (dead) node held in one session. KEYS: presence, presenceByNode. ARGV: nodeId.
 * Returns `{ participantCount, gone... }`: the participants who have no connection left anywhere.
 */
export const expireNodeScript = defineScript(
  'pollwire-presence-expire-node',
  `
local presence, byNode = KEYS[1], KEYS[2]
local prefix = ARGV[1] .. '|'
local gone = {}
local fields = redis.call('HGETALL', byNode)
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, #prefix) == prefix then
    local participant = string.sub(fields[i], #prefix + 1)
    redis.call('HDEL', byNode, fields[i])
    if redis.call('HINCRBY', presence, participant, -tonumber(fields[i + 1])) <= 0 then
      redis.call('HDEL', presence, participant)
      gone[#gone + 1] = participant
    end
  end
end
local out = { redis.call('HLEN', presence) }
for _, participant in ipairs(gone) do out[#out + 1] = participant end
return out
`,
);

/** Renews a node's lease: KEYS: nodes zset. ARGV: nodeId, leaseMs. Uses Redis time. Returns now (ms). */
export const heartbeatScript = defineScript(
  'pollwire-presence-heartbeat',
  `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[2])), ARGV[1])
return string.format('%d', now)
`,
);

/**
 * Claims a session's next participant count announcement. KEYS: claim (held for one interval by the node that
 * announced), presence. ARGV: nodeId, intervalMs. Returns -1 when another node announced within the interval, else
 * the count to announce now.
 */
export const countClaimScript = defineScript(
  'pollwire-count-claim',
  `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
return redis.call('HLEN', KEYS[2])
`,
);
