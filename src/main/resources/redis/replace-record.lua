-- replace-record: replaces a record in a hash only if it is there (a queue, topic or subscription
-- updated while another request deletes it stays deleted).
-- KEYS[1] the hash (eddy:queues:<account>, eddy:sns:topics:<account>, eddy:sns:subs:{<topic ARN>})
-- ARGV[1] field (queue name, topic or subscription ARN)   ARGV[2] record JSON
-- Returns 1 if replaced, 0 if the record does not exist.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
