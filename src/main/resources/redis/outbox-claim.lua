-- outbox-claim: leases the earliest due deliveries. A claimed entry's due time moves to the end of
-- its lease, so if the claiming replica dies the entry is due again then and another replica takes it.
-- KEYS[1] due   KEYS[2] entry   KEYS[3] state
-- ARGV[1] now (ms)   ARGV[2] max   ARGV[3] lease (ms)   ARGV[4] lease token of this claim
-- Returns id, JSON, failed attempts, ... for each claimed entry.
local now, max, lease, token = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, max)
local out = {}
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[2], id)
  if not json then
    -- Half of an entry (cannot happen through these scripts): drop it rather than loop on it.
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[3], id)
  else
    local state = redis.call('HGET', KEYS[3], id) or '0|'
    local attempts = string.match(state, '^(%d+)|') or '0'
    redis.call('ZADD', KEYS[1], now + lease, id)
    redis.call('HSET', KEYS[3], id, attempts .. '|' .. token)
    out[#out + 1] = id
    out[#out + 1] = json
    out[#out + 1] = attempts
  end
end
return out
