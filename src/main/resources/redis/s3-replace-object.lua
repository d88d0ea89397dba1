-- Replaces an object's record only if it is still the one the caller read (tagging).
-- KEYS[1] objects hash
-- ARGV[1] key, ARGV[2] expected record, ARGV[3] replacement
-- Returns 1 if replaced, else 0.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
