import { defineScript } from '../connection/script.js';

/**
 * Shared Lua of the log scripts. KEYS[1] is the meta hash, KEYS[2] the stream; stream entry ids are
 * `<seq>-0` so a cursor maps to a range without a lookup, and each entry keeps its Redis time in `t`.
 */
const LIB = `
local meta, stream = KEYS[1], KEYS[2]

-- The epoch is created with the log: if Redis lost the meta hash, a fresh epoch (and an empty stream) appears.
-- After a Redis restart (new run_id) what it restored may be older than what it acknowledged (RDB, AOF
-- everysec), so new events get a new epoch; cursors of the old one stay valid up to the restored seq
-- (meta field 'epoch:<old>' = that seq), later ones (events that were lost) read as epoch mismatches.
local function ensure(candidate)
  local epoch = redis.call('HGET', meta, 'epoch')
  local run = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)')
  if not epoch then
    epoch = candidate
    redis.call('DEL', stream)
    redis.call('HSET', meta, 'epoch', epoch, 'seq', 0, 't', 0, 'run', run, 'ev', 0)
  elseif redis.call('HGET', meta, 'run') ~= run then
    redis.call('HSET', meta, 'epoch:' .. epoch, redis.call('HGET', meta, 'seq'))
    epoch = candidate
    redis.call('HSET', meta, 'epoch', epoch, 'run', run)
  end
  return epoch
end

-- Redis time in ms, never before the last append (entry times stay sorted for the window search).
local function now_ms()
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local last = tonumber(redis.call('HGET', meta, 't') or '0')
  if now < last then now = last end
  return now
end

local function field(entry, name)
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] == name then return fields[i + 1] end
  end
end

local function time_of(seq)
  local entry = redis.call('XRANGE', stream, seq .. '-0', seq .. '-0')[1]
  return tonumber(field(entry, 't'))
end

-- Trims entries older than cutoff (binary search over seq for the first kept one, then MINID) and beyond maxlen.
local function trim(cutoff, maxlen)
  local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
  if oldest and tonumber(field(oldest, 't')) < cutoff then
    local newest = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1]
    local lo, hi = tonumber(field(oldest, 'seq')), tonumber(field(newest, 'seq')) + 1
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if time_of(mid) < cutoff then lo = mid + 1 else hi = mid end
    end
    redis.call('XTRIM', stream, 'MINID', '=', string.format('%d-0', lo))
  end
  if maxlen > 0 then redis.call('XTRIM', stream, 'MAXLEN', '=', maxlen) end
end

local function first_seq(last)
  local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
  if oldest then return tonumber(field(oldest, 'seq')) end
  return last + 1
end
`;

/**
 * Appends one event: next seq (HINCRBY, so no two nodes share one and none is skipped), eventId
 * `<epoch>-<seq>`, the frame joined from its serialized template (with `prev` when it is for everyone and
 * presenters-only events came since the last one for everyone), XADD with id `<seq>-0`, trim.
 * ARGV: candidateEpoch, windowMs, maxLen, head, middle, tail, forEveryone ('1' or '0').
 * Returns `{ epoch, seq, prev }` (`prev` -1 when absent).
 */
export const appendScript = defineScript(
  'pollwire-log-append',
  `${LIB}
local epoch = ensure(ARGV[1])
local now = now_ms()
local seq = redis.call('HINCRBY', meta, 'seq', 1)
redis.call('HSET', meta, 't', string.format('%d', now))
local eventId = epoch .. '-' .. seq
local prev = -1
local prevpart = ''
if ARGV[7] == '1' then
  local last = tonumber(redis.call('HGET', meta, 'ev') or '0')
  if last ~= seq - 1 then
    prev = last
    prevpart = ',"prev":' .. last
  end
  redis.call('HSET', meta, 'ev', seq)
end
local frame = ARGV[4] .. eventId .. ARGV[5] .. seq .. prevpart .. ARGV[6]
redis.call('XADD', stream, seq .. '-0', 'seq', seq, 't', string.format('%d', now), 'id', eventId, 'frame', frame)
trim(now - tonumber(ARGV[2]), tonumber(ARGV[3]))
return { epoch, seq, prev }
`,
);

/**
 * Trims, then returns the head, the last valid seq of `expectEpoch` when it is a previous epoch (`false`
 * otherwise), and the first page of frames from `fromSeq` (`-1`: the oldest held), only when `expectEpoch`
 * is empty, current, or previous with `fromSeq - 1` within its valid seqs, and `fromSeq` is held.
 * ARGV: candidateEpoch, windowMs, maxLen, expectEpoch, fromSeq, limit.
 * Returns `{ epoch, firstSeq, lastSeq, previousEpochLastSeq, ...frames }`.
 */
export const readScript = defineScript(
  'pollwire-log-read',
  `${LIB}
local epoch = ensure(ARGV[1])
trim(now_ms() - tonumber(ARGV[2]), tonumber(ARGV[3]))
local last = tonumber(redis.call('HGET', meta, 'seq'))
local first = first_seq(last)
local from, limit = tonumber(ARGV[5]), tonumber(ARGV[6])
local previous = false
if ARGV[4] ~= '' and ARGV[4] ~= epoch then previous = redis.call('HGET', meta, 'epoch:' .. ARGV[4]) end
local out = { epoch, first, last, previous }
if from < 0 then from = first end
local known = ARGV[4] == '' or ARGV[4] == epoch or (previous and from - 1 <= tonumber(previous))
if limit > 0 and known and from >= first and from <= last then
  local entries = redis.call('XRANGE', stream, from .. '-0', last .. '-0', 'COUNT', limit)
  for _, entry in ipairs(entries) do out[#out + 1] = field(entry, 'frame') end
end
return out
`,
);
