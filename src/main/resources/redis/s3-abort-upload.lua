-- Drops a multipart upload and its parts.
-- KEYS[1] uploads hash, KEYS[2] the upload's parts hash
-- ARGV[1] upload id
-- Returns {0} without the upload, else {1, part records...} (their blobs are the caller's to free).
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return {0} end
local parts = redis.call('HVALS', KEYS[2])
redis.call('DEL', KEYS[2])
local result = {1}
for _, p in ipairs(parts) do result[#result + 1] = p end
return result
