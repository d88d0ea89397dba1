-- mapping-slot: takes one of a mapping's concurrency slots. Slots are members of a zset scored by
-- their expiry, so a replica that dies holding slots frees them when their lease ends.
-- KEYS[1] the mapping's slots zset
-- ARGV[1] holder   ARGV[2] limit   ARGV[3] now (ms)   ARGV[4] expiry (ms)
-- Returns 1 when taken (or renewed), 0 when all slots are held.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(last[2]) - tonumber(ARGV[3])))
return 1
