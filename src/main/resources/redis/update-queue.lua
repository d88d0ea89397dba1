-- update-queue: replaces a queue's record only if the queue still exists.
-- KEYS[1] the account's queue hash (eddy:queues:<account>)   ARGV[1] queue name   ARGV[2] record JSON
-- Returns 1 if replaced, 0 if the queue does not exist.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
