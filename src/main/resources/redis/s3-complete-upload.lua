-- Ends a multipart upload: stores the object, drops the upload and its parts, numbers the write.
-- KEYS[1] bucket record, KEYS[2] objects hash, KEYS[3] key index, KEYS[4] sequence,
-- KEYS[5] uploads hash, KEYS[6] the upload's parts hash
-- ARGV[1] key, ARGV[2] object record (JSON), ARGV[3] upload id
-- Returns {0} without the bucket or upload, else {1, sequence, previous record or false, part records...}.
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[5], ARGV[3]) == 0 then return {0} end
local parts = redis.call('HVALS', KEYS[6])
redis.call('DEL', KEYS[6])
redis.call('HDEL', KEYS[5], ARGV[3])
local previous = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
local result = {1, redis.call('INCR', KEYS[4]), previous or ''}
for _, p in ipairs(parts) do result[#result + 1] = p end
return result
