-- Stores a part of an upload in progress, replacing one of the same number.
-- KEYS[1] uploads hash, KEYS[2] the upload's parts hash
-- ARGV[1] upload id, ARGV[2] part number, ARGV[3] part record (JSON)
-- Returns {0} without the upload, else {1, replaced part or nil}.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return {0} end
local previous = redis.call('HGET', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return {1, previous}
