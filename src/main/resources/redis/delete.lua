-- delete: removes a message if the receipt token is the latest one.
-- KEYS[1] queue prefix   ARGV[1] message id   ARGV[2] receipt token
-- Returns APPLIED, GONE or STALE.
if redis.call('EXISTS', K.meta) == 0 then return false end
local s = getst(ARGV[1])
if not s then return 'GONE' end
if s.t ~= ARGV[2] then return 'STALE' end
remove(ARGV[1], s)
return 'APPLIED'
