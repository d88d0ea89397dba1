-- depth: the queue's counts at one moment, after promoting due messages.
-- KEYS[1] queue prefix   ARGV[1] now   ARGV[2] retention (ms)   ARGV[3] fifo (0/1)
-- Returns {visible, in flight, delayed, oldest sent timestamp or 0}.
if redis.call('EXISTS', K.meta) == 0 then return false end
refresh(tonumber(ARGV[1]), tonumber(ARGV[2]))
local visible
if ARGV[3] == '1' then visible = tonumber(redis.call('HGET', K.cnt, 'vis') or '0') else visible = redis.call('ZCARD', K.ready) end
local oldest = redis.call('ZRANGE', K.sent, 0, 0, 'WITHSCORES')[2] or '0'
return { visible, redis.call('ZCARD', K.inflight), redis.call('ZCARD', K.delayed), oldest }
