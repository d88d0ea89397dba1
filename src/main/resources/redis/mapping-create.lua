-- mapping-create: stores an event source mapping unless one binds the same queue and function.
-- KEYS[1] mappings hash (uuid -> JSON)   KEYS[2] pairs hash ("<source>|<function>" -> uuid)
-- ARGV[1] uuid   ARGV[2] pair   ARGV[3] JSON
-- Returns false when stored, else the UUID of the mapping that already binds the pair.
local existing = redis.call('HGET', KEYS[2], ARGV[2])
if existing then return existing end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return false
