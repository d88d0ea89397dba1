-- sns-subscribe: stores a subscription unless its topic has one with the same protocol and
-- endpoint, which SNS returns instead (Subscribe is idempotent).
-- KEYS[1] the topic's subscriptions hash (eddy:sns:subs:{<topic ARN>})
-- ARGV[1] subscription ARN   ARGV[2] protocol   ARGV[3] endpoint   ARGV[4] record JSON
-- Returns the stored record: the existing one, or ARGV[4].
for _, raw in ipairs(redis.call('HVALS', KEYS[1])) do
  local s = cjson.decode(raw)
  if s.protocol == ARGV[2] and s.endpoint == ARGV[3] then return raw end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return ARGV[4]
