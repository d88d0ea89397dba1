-- Shared prelude of every queue script; the store prepends it to each script's text.
--
-- KEYS[1] is the queue's key prefix, eddy:q:{<account>/<name>}. Every key below is derived from
-- it and shares its hash tag, so one script touches one slot (Redis Cluster-safe).
--
-- Every queue script first checks that the queue exists (its meta key) and answers nil if not.
--
-- A message is two hash fields: msg[id] = its immutable payload (JSON written by Eddy, opaque
-- here) and st[id] = its mutable state "x|v|t|c|f|a|q|s|g":
--   x state (r ready, d delayed, f in flight)   v when it becomes visible (ms)
--   t receipt token of the latest receive       c receive count
--   f first receive (ms)                        a when the latest receive happened (ms)
--   q arrival sequence (FIFO), or the message's fair-queue turn (standard)
--   s sent timestamp (ms)
--   g FIFO message group ("" on standard queues; last, since group ids may contain "|")
local P = KEYS[1]
local K = {
  ready = P .. ':ready',        -- standard: zset id -> q (visible now, by fair-queue turn)
  fair = P .. ':fair',          -- standard: zset message group -> the turn of its latest message
  served = P .. ':served',      -- standard: the highest turn received so far (fair queues' clock)
  delayed = P .. ':delayed',    -- zset id -> v
  inflight = P .. ':inflight',  -- zset id -> visibility deadline
  sent = P .. ':sent',          -- zset id -> s (retention order)
  msg = P .. ':msg',            -- hash id -> payload
  st = P .. ':st',              -- hash id -> state
  groups = P .. ':groups',      -- FIFO: zset group -> q of its head, only groups servable now
  gin = P .. ':gin',            -- FIFO: hash group -> messages in flight
  gsize = P .. ':gsize',        -- FIFO: hash group -> messages stored
  dedup = P .. ':dedup',        -- FIFO: zset dedup key -> expiry (ms)
  dedupv = P .. ':dedupv',      -- FIFO: hash dedup key -> "messageId|sequenceNumber"
  attempts = P .. ':attempts',  -- FIFO: hash attempt id -> "expiry|id,token;id,token..."
  attemptx = P .. ':attemptx',  -- FIFO: zset attempt id -> expiry
  seq = P .. ':seq',            -- counter of arrivals
  cnt = P .. ':cnt',            -- hash: vis = FIFO visible count
  meta = P .. ':meta',          -- exists while the queue exists (written before its record)
  -- also P:tasks (hash task id -> move task JSON) and P:task (the active task's id), see move-task.lua
}

local function gkey(g) return P .. ':g:' .. g end

local function getst(id)
  local raw = redis.call('HGET', K.st, id)
  if not raw then return nil end
  local p = {}
  local start = 1
  for i = 1, 8 do
    local bar = string.find(raw, '|', start, true)
    p[i] = string.sub(raw, start, bar - 1)
    start = bar + 1
  end
  return { x = p[1], v = tonumber(p[2]), t = p[3], c = tonumber(p[4]), f = tonumber(p[5]), a = tonumber(p[6]),
           q = tonumber(p[7]), s = tonumber(p[8]), g = string.sub(raw, start) }
end

local function putst(id, s)
  redis.call('HSET', K.st, id, table.concat({ s.x, string.format('%.0f', s.v), s.t, s.c, string.format('%.0f', s.f),
    string.format('%.0f', s.a), string.format('%.0f', s.q), string.format('%.0f', s.s), s.g }, '|'))
end

-- Fair queues (standard queues): a message's turn is one past the later of the turn last served and
-- its group's latest turn, so a group that sends 10,000 at once has turns 1..10,000 while another's
-- next message still gets turn 1: they interleave, and a quiet group is not stuck behind a noisy one.
-- Messages without a group are one group (""), so a queue that never uses groups keeps arrival order.

-- The highest turn received so far. First use (or after a purge): start past every arrival number
-- a message may still carry.
local function servedTurn()
  local served = redis.call('GET', K.served)
  if not served then
    served = redis.call('GET', K.seq) or '0'
    redis.call('SET', K.served, served)
  end
  return tonumber(served)
end

local function fairTurn(group, served)
  local last = tonumber(redis.call('ZSCORE', K.fair, group) or '0')
  local turn = math.max(served, last) + 1
  redis.call('ZADD', K.fair, turn, group)
  return turn
end

-- A group whose latest turn has been served is forgotten (it would start from the served turn anyway).
local function forgetServedGroups(served)
  redis.call('ZREMRANGEBYSCORE', K.fair, '-inf', served)
end

-- A FIFO group is servable exactly when none of its messages is in flight and one is visible.
local function relist(g)
  local inflight = tonumber(redis.call('HGET', K.gin, g) or '0')
  local head = redis.call('ZRANGE', gkey(g), 0, 0, 'WITHSCORES')
  if inflight == 0 and head[1] then
    redis.call('ZADD', K.groups, head[2], g)
  else
    redis.call('ZREM', K.groups, g)
  end
end

local function makeVisible(id, s)
  s.x = 'r'
  if s.g ~= '' then
    redis.call('ZADD', gkey(s.g), s.q, id)
    redis.call('HINCRBY', K.cnt, 'vis', 1)
    relist(s.g)
  else
    redis.call('ZADD', K.ready, s.q, id)
  end
  putst(id, s)
end

local function takeVisible(id, s)
  if s.g ~= '' then
    redis.call('ZREM', gkey(s.g), id)
    redis.call('HINCRBY', K.cnt, 'vis', -1)
    relist(s.g)
  else
    redis.call('ZREM', K.ready, id)
  end
end

local function leaveInflight(s)
  if s.g ~= '' then
    if redis.call('HINCRBY', K.gin, s.g, -1) <= 0 then redis.call('HDEL', K.gin, s.g) end
    relist(s.g)
  end
end

local function remove(id, s)
  redis.call('HDEL', K.msg, id)
  redis.call('HDEL', K.st, id)
  redis.call('ZREM', K.sent, id)
  if s.x == 'r' then
    takeVisible(id, s)
  elseif s.x == 'd' then
    redis.call('ZREM', K.delayed, id)
  else
    redis.call('ZREM', K.inflight, id)
    leaveInflight(s)
  end
  if s.g ~= '' and redis.call('HINCRBY', K.gsize, s.g, -1) <= 0 then redis.call('HDEL', K.gsize, s.g) end
end

-- Drops messages past retention and makes due delayed and expired in-flight messages visible. Each
-- pass is bounded; what is left is done by the next call.
local function refresh(now, retention)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.sent, '-inf', now - retention, 'LIMIT', 0, 1000)) do
    local s = getst(id)
    if s then remove(id, s) else redis.call('ZREM', K.sent, id) end
  end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.delayed, '-inf', now, 'LIMIT', 0, 1000)) do
    redis.call('ZREM', K.delayed, id)
    makeVisible(id, getst(id))
  end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.inflight, '-inf', now, 'LIMIT', 0, 1000)) do
    redis.call('ZREM', K.inflight, id)
    local s = getst(id)
    leaveInflight(s)
    makeVisible(id, s)
  end
end

-- When a delayed or in-flight message next becomes visible, or -1.
local function nextDue()
  local d = redis.call('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
  local f = redis.call('ZRANGE', K.inflight, 0, 0, 'WITHSCORES')
  local next = -1
  if d[2] then next = tonumber(d[2]) end
  if f[2] and (next < 0 or tonumber(f[2]) < next) then next = tonumber(f[2]) end
  return next
end

-- Every key of the queue's messages (not its deduplication ids or arrival counter).
local function messageKeys()
  local keys = { K.ready, K.delayed, K.inflight, K.sent, K.msg, K.st, K.groups, K.gin, K.gsize, K.attempts,
                 K.attemptx, K.cnt, K.fair, K.served }
  for _, g in ipairs(redis.call('HKEYS', K.gsize)) do keys[#keys + 1] = gkey(g) end
  return keys
end
