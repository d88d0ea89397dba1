-- move-task: stores a message move task of the queue; at most one task is active per queue.
-- KEYS[1] queue prefix   ARGV[1] "start" or "update"   ARGV[2] task id   ARGV[3] task JSON
-- ARGV[4] 1 if the task is active (RUNNING or CANCELLING)
-- Returns 1, or 0 when "start" finds another active task.
local tasks, active = P .. ':tasks', P .. ':task'
local current = redis.call('GET', active)
if ARGV[1] == 'start' and current and current ~= ARGV[2] then return 0 end
redis.call('HSET', tasks, ARGV[2], ARGV[3])
if ARGV[4] == '1' then
  redis.call('SET', active, ARGV[2])
elseif current == ARGV[2] then
  redis.call('DEL', active)
end
return 1
