-- delete: removes messages whose receipt token is the latest one.
-- KEYS[1] queue prefix   ARGV message id, receipt token, message id, receipt token, ...
-- Returns APPLIED, GONE or STALE per pair, in order; false when the queue does not exist.
if redis.call('EXISTS', K.meta) == 0 then return false end
local outcomes = {}
for i = 1, #ARGV, 2 do
  local s = getst(ARGV[i])
  if not s then
    outcomes[#outcomes + 1] = 'GONE'
  elseif s.t ~= ARGV[i + 1] then
    outcomes[#outcomes + 1] = 'STALE'
  else
    remove(ARGV[i], s)
    outcomes[#outcomes + 1] = 'APPLIED'
  end
end
return outcomes
