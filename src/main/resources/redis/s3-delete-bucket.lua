-- Deletes an empty bucket with its uploads in progress and notification configuration.
-- KEYS[1] bucket record, KEYS[2] objects hash, KEYS[3] key index, KEYS[4] sequence,
-- KEYS[5] uploads hash, KEYS[6] notification configuration
-- ARGV[1] prefix of the per-upload parts hashes (the bucket's hash tag included)
-- Returns {0} without the bucket, {2} when it holds objects, else {1, part records...}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
if redis.call('HLEN', KEYS[2]) > 0 then return {2} end
local result = {1}
for _, id in ipairs(redis.call('HKEYS', KEYS[5])) do
  local key = ARGV[1] .. id
  for _, p in ipairs(redis.call('HVALS', key)) do result[#result + 1] = p end
  redis.call('DEL', key)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return result
