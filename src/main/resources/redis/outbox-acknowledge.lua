-- outbox-acknowledge: removes a delivered entry if the lease is its latest claim (a replica whose
-- lease ran out and was taken over must not remove the entry from under the new holder).
-- KEYS[1] due   KEYS[2] entry   KEYS[3] state
-- ARGV[1] id   ARGV[2] lease token
-- Returns 1 when removed, else 0.
local state = redis.call('HGET', KEYS[3], ARGV[1])
if not state or string.match(state, '|(.*)$') ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
