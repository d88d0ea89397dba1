-- outbox-reschedule: after a failed attempt, makes the entry due again later, if the lease is its
-- latest claim.
-- KEYS[1] due   KEYS[2] entry   KEYS[3] state
-- ARGV[1] id   ARGV[2] lease token   ARGV[3] failed attempts   ARGV[4] next due (ms)
-- Returns 1 when rescheduled, else 0.
local state = redis.call('HGET', KEYS[3], ARGV[1])
if not state or string.match(state, '|(.*)$') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3] .. '|')
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
return 1
