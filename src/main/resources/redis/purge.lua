-- purge: deletes every message; deduplication ids and the arrival counter stay.
-- KEYS[1] queue prefix   ARGV[1] 1 to also drop deduplication ids, the counter and the queue's
-- existence and message move tasks (queue deletion)
if redis.call('EXISTS', K.meta) == 0 then return false end
local keys = messageKeys()
if ARGV[1] == '1' then
  keys[#keys + 1] = K.dedup
  keys[#keys + 1] = K.dedupv
  keys[#keys + 1] = K.seq
  keys[#keys + 1] = K.meta
  keys[#keys + 1] = P .. ':tasks'
  keys[#keys + 1] = P .. ':task'
end
redis.call('UNLINK', unpack(keys))
return 1
