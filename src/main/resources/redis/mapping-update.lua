-- mapping-update: replaces a mapping that exists, moving its entry in the pairs index when its
-- function changed; deletes it when ARGV[2] is empty.
-- KEYS[1] mappings hash   KEYS[2] pairs hash   KEYS[3] results hash   KEYS[4] its slots zset
-- ARGV[1] uuid   ARGV[2] JSON, or '' to delete
-- Returns 1 when done, 0 when the mapping does not exist.
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return 0 end
local record = cjson.decode(old)
local oldPair = record.eventSourceArn .. '|' .. record.functionArn
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], oldPair)
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('DEL', KEYS[4])
  return 1
end
local new = cjson.decode(ARGV[2])
local newPair = new.eventSourceArn .. '|' .. new.functionArn
if newPair ~= oldPair then
  redis.call('HDEL', KEYS[2], oldPair)
  redis.call('HSET', KEYS[2], newPair, ARGV[1])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
