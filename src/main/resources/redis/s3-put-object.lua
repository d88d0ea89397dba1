-- Stores an object and indexes its key; numbers the write.
-- KEYS[1] bucket record, KEYS[2] objects hash, KEYS[3] key index (sorted set), KEYS[4] sequence
-- ARGV[1] key, ARGV[2] object record (JSON)
-- Returns {0} without a bucket, else {1, sequence, previous record or nil}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local previous = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
return {1, redis.call('INCR', KEYS[4]), previous}
