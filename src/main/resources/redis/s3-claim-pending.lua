-- Claims due S3 event notifications for delivery: each is pushed a lease ahead (another replica
-- takes it over if this one stops before finishing) and its attempts are counted.
-- KEYS[1] due (sorted set id -> due time), KEYS[2] events hash, KEYS[3] attempts hash
-- ARGV[1] now (ms), ARGV[2] lease (ms), ARGV[3] most to claim
-- Returns {event, attempts, event, attempts, ...}.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local result = {}
for _, id in ipairs(ids) do
  local event = redis.call('HGET', KEYS[2], id)
  if event then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
    result[#result + 1] = event
    result[#result + 1] = redis.call('HINCRBY', KEYS[3], id, 1)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return result
