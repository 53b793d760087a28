import { defineScript } from '../connection/script.js';

/**
 * Counts one vote atomically. KEYS: requests hash (session), votes hash (poll), tally hash (poll).
 * ARGV: participantId, requestField (`''` without requestId), record JSON (an object), kind
 * (`options` | `rating` | `none`), then the optionIds or the rating.
 * Returns `{'replayed', json}` for a known requestId (nothing counted), `{'duplicate'}` when the participant
 * already voted, or `{'recorded', json}`; the stored JSON is the record plus `tally`, the flat tally after it.
 */
export const recordVoteScript = defineScript(
  'pollwire-vote-record',
  `
local requests, votes, tally = KEYS[1], KEYS[2], KEYS[3]
local participant, request = ARGV[1], ARGV[2]
if request ~= '' then
  local previous = redis.call('HGET', requests, request)
  if previous then return { 'replayed', previous } end
end
if redis.call('HEXISTS', votes, participant) == 1 then return { 'duplicate' } end
redis.call('HINCRBY', tally, 'votes', 1)
if ARGV[4] == 'options' then
  for i = 5, #ARGV do redis.call('HINCRBY', tally, 'o:' .. ARGV[i], 1) end
elseif ARGV[4] == 'rating' then
  redis.call('HINCRBY', tally, 'r:' .. ARGV[5], 1)
  redis.call('HINCRBY', tally, 'rsum', ARGV[5])
end
local stored = string.sub(ARGV[3], 1, -2) .. ',"tally":' .. cjson.encode(redis.call('HGETALL', tally)) .. '}'
redis.call('HSET', votes, participant, stored)
if request ~= '' then redis.call('HSET', requests, request, stored) end
return { 'recorded', stored }
`,
);

/**
 * Adds the confirmation aggregates to a recorded vote (same KEYS; ARGV: participantId, requestField, JSON).
 * Only replaces the record the recording node wrote.
 */
export const finalizeVoteScript = defineScript(
  'pollwire-vote-finalize',
  `
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current ~= ARGV[4] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) end
return 1
`,
);
