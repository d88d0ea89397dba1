-- send: stores messages in order, applying FIFO deduplication and assigning sequence numbers.
-- KEYS[1] queue prefix
-- ARGV[1] now (ms)   ARGV[2] dedup window (ms, 0 = no deduplication)   ARGV[3] dedup per group (0/1)
-- ARGV[4] fifo (0/1)  ARGV[5] n, then per message 6 values:
--   id, payload, group, deduplication id, delay (ms), sent timestamp (ms)
-- Returns per message {message id, sequence number or "", duplicate 0/1}.
if redis.call('EXISTS', K.meta) == 0 then return false end
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local perGroup = ARGV[3] == '1'
local fifo = ARGV[4] == '1'
local n = tonumber(ARGV[5])
if window > 0 then
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', K.dedup, '-inf', now, 'LIMIT', 0, 1000)) do
    redis.call('ZREM', K.dedup, key)
    redis.call('HDEL', K.dedupv, key)
  end
end
local served = nil
if not fifo then
  served = servedTurn()
  forgetServedGroups(served)
end
local results = {}
for i = 0, n - 1 do
  local b = 6 + i * 6
  local id, payload, group, dedupId = ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3]
  local delay, sentAt = tonumber(ARGV[b + 4]), tonumber(ARGV[b + 5])
  local key = nil
  if window > 0 and dedupId ~= '' then
    key = dedupId
    if perGroup then key = group .. '\0' .. dedupId end
  end
  local seen = key and redis.call('HGET', K.dedupv, key)
  if seen then
    local bar = string.find(seen, '|', 1, true)
    results[#results + 1] = { string.sub(seen, 1, bar - 1), string.sub(seen, bar + 1), 1 }
  else
    local q = redis.call('INCR', K.seq)
    local sequence = ''
    if fifo then sequence = string.format('18%018.0f', q) else q = fairTurn(group, served) end
    if key then
      redis.call('ZADD', K.dedup, now + window, key)
      redis.call('HSET', K.dedupv, key, id .. '|' .. sequence)
    end
    local g = ''
    if fifo then
      g = group
      redis.call('HINCRBY', K.gsize, g, 1)
    end
    redis.call('HSET', K.msg, id, payload)
    redis.call('ZADD', K.sent, sentAt, id)
    local s = { x = 'd', v = now + delay, t = '', c = 0, f = 0, a = 0, q = q, s = sentAt, g = g }
    if delay > 0 then
      redis.call('ZADD', K.delayed, s.v, id)
      putst(id, s)
    else
      makeVisible(id, s)
    end
    results[#results + 1] = { id, sequence, 0 }
  end
end
return results
