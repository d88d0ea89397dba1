-- Removes an object and its key from the index; numbers the delete.
-- KEYS[1] bucket record, KEYS[2] objects hash, KEYS[3] key index, KEYS[4] sequence
-- ARGV[1] key
-- Returns {0} without a bucket, else {1, sequence, removed record or nil}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local previous = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return {1, redis.call('INCR', KEYS[4]), previous}
