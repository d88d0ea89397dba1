-- change-visibility: moves an in-flight message's visibility deadline; 0 makes it visible now.
-- KEYS[1] queue prefix
-- ARGV[1] message id  ARGV[2] receipt token  ARGV[3] visibility (ms)  ARGV[4] now  ARGV[5] limit (ms from the receive)
-- Returns APPLIED, GONE, STALE, NOT_IN_FLIGHT or BEYOND_LIMIT.
if redis.call('EXISTS', K.meta) == 0 then return false end
local id, token = ARGV[1], ARGV[2]
local visibility, now, limit = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local s = getst(id)
if not s then return 'GONE' end
if s.t ~= token then return 'STALE' end
if s.x ~= 'f' or s.v <= now then return 'NOT_IN_FLIGHT' end
-- Whole seconds since the receive, as AWS counts them.
if math.floor((now - s.a) / 1000) * 1000 + visibility > limit then return 'BEYOND_LIMIT' end
if visibility == 0 then
  redis.call('ZREM', K.inflight, id)
  leaveInflight(s)
  makeVisible(id, s)
else
  s.v = now + visibility
  redis.call('ZADD', K.inflight, s.v, id)
  putst(id, s)
end
return 'APPLIED'
