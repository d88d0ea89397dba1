-- outbox-record: adds deliveries to the outbox, all of them or none (one script).
-- KEYS[1] due (zset id -> when the next attempt is due, ms)   KEYS[2] entry (hash id -> JSON)
-- KEYS[3] state (hash id -> "<failed attempts>|<lease token>")
-- ARGV[1] count, then per entry: id, JSON, due (ms)
local n = tonumber(ARGV[1])
for i = 0, n - 1 do
  local id, json, due = ARGV[2 + i * 3], ARGV[3 + i * 3], ARGV[4 + i * 3]
  redis.call('HSET', KEYS[2], id, json)
  redis.call('HSET', KEYS[3], id, '0|')
  redis.call('ZADD', KEYS[1], due, id)
end
return n
