-- claim: one receive. Promotes due messages, drops expired ones, then hands out up to max visible
-- messages (FIFO: filling the batch from one group before the next, skipping groups with messages
-- in flight). A message whose receive would pass maxReceiveCount is claimed for the dead-letter
-- move instead (the caller writes it to the DLQ, then deletes it here).
-- KEYS[1] queue prefix
-- ARGV[1] now  ARGV[2] max  ARGV[3] visibility (ms)  ARGV[4] retention (ms)  ARGV[5] maxReceiveCount (0 = none)
-- ARGV[6] attempt id ("" = none)  ARGV[7] token prefix (unique per call)  ARGV[8] attempt window (ms)
-- ARGV[9] fifo (0/1)
-- Returns {nextDue, nReceived, (payload, token, count, firstReceive, sequence)*, nDead, (the same)*}.
if redis.call('EXISTS', K.meta) == 0 then return false end
local now, max, visibility = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local retention, maxCount = tonumber(ARGV[4]), tonumber(ARGV[5])
local attempt, prefix, attemptWindow, fifo = ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9] == '1'
refresh(now, retention)

local function render(list, id, s)
  list[#list + 1] = redis.call('HGET', K.msg, id)
  list[#list + 1] = s.t
  list[#list + 1] = s.c
  list[#list + 1] = string.format('%.0f', s.f)
  if fifo then list[#list + 1] = string.format('18%018.0f', s.q) else list[#list + 1] = '' end
end

-- A retried FIFO receive within the window gets the same messages and receipts, visibility reset,
-- as long as none was deleted, changed or received since.
if attempt ~= '' then
  for _, old in ipairs(redis.call('ZRANGEBYSCORE', K.attemptx, '-inf', now, 'LIMIT', 0, 100)) do
    redis.call('ZREM', K.attemptx, old)
    redis.call('HDEL', K.attempts, old)
  end
  local recorded = redis.call('HGET', K.attempts, attempt)
  if recorded then
    local entries = {}
    local valid = true
    for id, token in string.gmatch(recorded, '([^,;]+),([^;]+)') do
      local s = getst(id)
      if not s or s.x ~= 'f' or s.t ~= token then valid = false break end
      entries[#entries + 1] = { id, s }
    end
    if valid and #entries > 0 then
      local out = { 0, #entries }
      for _, e in ipairs(entries) do
        e[2].v = now + visibility
        redis.call('ZADD', K.inflight, e[2].v, e[1])
        putst(e[1], e[2])
        render(out, e[1], e[2])
      end
      out[#out + 1] = 0
      out[1] = nextDue()
      return out
    end
    redis.call('HDEL', K.attempts, attempt)
    redis.call('ZREM', K.attemptx, attempt)
  end
end

local served = 0
if not fifo then served = servedTurn() end
local servedBefore = served
local received, dead = {}, {}
local nReceived, nDead = 0, 0
local current = nil
local record = {}
while nReceived + nDead < max do
  local id = nil
  if fifo then
    if current then id = redis.call('ZRANGE', gkey(current), 0, 0)[1] end
    if not id then
      local g = redis.call('ZRANGE', K.groups, 0, 0)[1]
      if g then
        current = g
        id = redis.call('ZRANGE', gkey(g), 0, 0)[1]
      end
    end
  else
    id = redis.call('ZRANGE', K.ready, 0, 0)[1]
  end
  if not id then break end
  local s = getst(id)
  if not fifo and s.q > served then served = s.q end
  takeVisible(id, s)
  s.x = 'f'
  s.v = now + visibility
  s.t = prefix .. (nReceived + nDead)
  s.a = now
  if s.g ~= '' then
    redis.call('HINCRBY', K.gin, s.g, 1)
    relist(s.g)
  end
  redis.call('ZADD', K.inflight, s.v, id)
  if maxCount > 0 and s.c >= maxCount then
    putst(id, s)
    render(dead, id, s)
    nDead = nDead + 1
  else
    s.c = s.c + 1
    if s.f == 0 then s.f = now end
    putst(id, s)
    render(received, id, s)
    nReceived = nReceived + 1
    record[#record + 1] = id .. ',' .. s.t
  end
end
if served > servedBefore then redis.call('SET', K.served, string.format('%.0f', served)) end
if attempt ~= '' and nReceived > 0 then
  redis.call('HSET', K.attempts, attempt, table.concat(record, ';'))
  redis.call('ZADD', K.attemptx, now + attemptWindow, attempt)
end
local out = { nextDue(), nReceived }
for _, v in ipairs(received) do out[#out + 1] = v end
out[#out + 1] = nDead
for _, v in ipairs(dead) do out[#out + 1] = v end
return out
