"""The Lua scripts behind `RedisBatcher`: each runs atomically inside Redis.

Key layout, with B = ``{prefix}:{company}:{source}`` (the seed's naming):

- ``B:queue``      LIST of message ids, oldest first (the FIFO)
- ``B:payloads``   HASH message id → Message JSON, for every message queued *or* claimed
- ``B:added``      HASH message id → enqueue time (ms), for queued messages only
- ``B:processing`` ZSET lease id → lease deadline (ms): the claimed batches
- ``B:batches``    HASH lease id → JSON list of the claimed message ids
- ``B:metadata``   HASH company_id, source, members key, counters, ``attempts:{lease id}``
- ``{prefix}:{company}:members``  SET of the company's ids queued or claimed (idempotent add)
- ``{prefix}:index`` ZSET of the B prefixes with anything in them (score: first add, ms)

Every time is the Redis server's ``TIME``, so lease maths agrees across worker hosts whose
clocks drift. A lease id is SHA-1 of the company and the message ids in claim order (Lua
has ``redis.sha1hex`` but no SHA-256), so Python recomputes it from a `Batch` to ack it; a
re-queued batch keeps its order, so its lease id and attempt count survive a re-claim.

The claim script reaches keys it finds in the index rather than keys passed in KEYS: fine
on a single Redis or a Sentinel pair, not on Redis Cluster (which the seed does not use).
"""

from __future__ import annotations

# Shared by every script: server time, chunked variadic calls (Lua's unpack has a stack
# limit of a few thousand values), and the TTL refresh of one queue's keys.
_PRELUDE = """
if redis.replicate_commands then redis.replicate_commands() end  -- TIME before writes, Redis < 7

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function chunked(cmd, key, items)
  for i = 1, #items, 1000 do
    redis.call(cmd, key, unpack(items, i, math.min(i + 999, #items)))
  end
end

local SUFFIXES = {'queue', 'payloads', 'added', 'processing', 'batches', 'metadata'}
local function touch(base, ttl)
  for _, suffix in ipairs(SUFFIXES) do
    redis.call('EXPIRE', base .. ':' .. suffix, ttl)
  end
  local members = redis.call('HGET', base .. ':metadata', 'members')
  if members then redis.call('EXPIRE', members, ttl) end
end
"""

# KEYS: index, members.  ARGV: ttl, base, company, source, then (id, payload) pairs.
ADD = (
    _PRELUDE
    + """
local index, members = KEYS[1], KEYS[2]
local ttl, base = tonumber(ARGV[1]), ARGV[2]
local now = now_ms()
local added = 0
for i = 5, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('SADD', members, id) == 1 then
    redis.call('HSET', base .. ':payloads', id, ARGV[i + 1])
    redis.call('HSET', base .. ':added', id, now)
    redis.call('RPUSH', base .. ':queue', id)
    added = added + 1
  end
end
local meta = base .. ':metadata'
redis.call('HSET', meta, 'company_id', ARGV[3], 'source', ARGV[4], 'members', members)
if added > 0 then
  redis.call('HSETNX', meta, 'first_added_ms', now)
  redis.call('HSET', meta, 'last_added_ms', now)
  redis.call('HINCRBY', meta, 'added', added)
  redis.call('ZADD', index, 'NX', now, base)
end
touch(base, ttl)
redis.call('EXPIRE', index, ttl)
return added
"""
)

# KEYS: index.  ARGV: threshold, max_wait_ms, lease_ms, final (0|1), ttl.
# Returns false, or {company, source, attempts, payload...} of the claimed batch.
CLAIM = (
    _PRELUDE
    + """
local index = KEYS[1]
local threshold, max_wait = tonumber(ARGV[1]), tonumber(ARGV[2])
local lease_ms, final, ttl = tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
local now = now_ms()
local bases = redis.call('ZRANGE', index, 0, -1)

-- Expired leases first: their batches go back to the front of their queue, oldest
-- first, stamped as already waited so they are ready at once (as in MemoryBatcher).
for _, base in ipairs(bases) do
  local processing, batches = base .. ':processing', base .. ':batches'
  for _, lease in ipairs(redis.call('ZRANGEBYSCORE', processing, '-inf', now)) do
    local encoded = redis.call('HGET', batches, lease)
    if encoded then
      local ids = cjson.decode(encoded)
      for i = #ids, 1, -1 do
        redis.call('LPUSH', base .. ':queue', ids[i])
        redis.call('HSET', base .. ':added', ids[i], now - max_wait)
      end
    end
    redis.call('ZREM', processing, lease)
    redis.call('HDEL', batches, lease)
  end
end

for _, base in ipairs(bases) do
  local queue, payloads = base .. ':queue', base .. ':payloads'
  local size = redis.call('LLEN', queue)
  if size > 0 then
    local head = redis.call('LINDEX', queue, 0)
    -- A head without a stamp is stale state: treat it as old rather than strand it.
    local stamped = tonumber(redis.call('HGET', base .. ':added', head) or 0)
    if final or size >= threshold or now - stamped >= max_wait then
      local ids = redis.call('LRANGE', queue, 0, math.min(size, threshold) - 1)
      redis.call('LTRIM', queue, #ids, -1)
      chunked('HDEL', base .. ':added', ids)
      local kept, bodies = {}, {}
      for i = 1, #ids, 1000 do
        local part = {unpack(ids, i, math.min(i + 999, #ids))}
        local found = redis.call('HMGET', payloads, unpack(part))
        for j, id in ipairs(part) do
          if found[j] then  -- a payload that expired on its own cannot be handed out
            kept[#kept + 1] = id
            bodies[#bodies + 1] = found[j]
          end
        end
      end
      if #kept > 0 then
        local meta = base .. ':metadata'
        local company = redis.call('HGET', meta, 'company_id')
        local source = redis.call('HGET', meta, 'source')
        -- Claim order, not sorted: Lua compares strings with the server's locale.
        local lease = redis.sha1hex(company .. '\\31' .. table.concat(kept, '\\31'))
        redis.call('ZADD', base .. ':processing', now + lease_ms, lease)
        redis.call('HSET', base .. ':batches', lease, cjson.encode(kept))
        redis.call('HINCRBY', meta, 'claimed', 1)
        local attempts = tonumber(redis.call('HGET', meta, 'attempts:' .. lease) or 0)
        touch(base, ttl)
        local reply = {company, source, attempts}
        for _, body in ipairs(bodies) do reply[#reply + 1] = body end
        return reply
      end
    end
  elseif redis.call('HLEN', payloads) == 0 then
    -- Nothing queued or claimed: drop it from the index so claims stay cheap.
    redis.call('ZREM', index, base)
  end
end
return false
"""
)

# KEYS: processing, metadata.  ARGV: lease id, retry_after_ms, ttl.  Returns attempts so far.
RELEASE = (
    _PRELUDE
    + """
local processing, meta = KEYS[1], KEYS[2]
local lease = ARGV[1]
local attempts = redis.call('HINCRBY', meta, 'attempts:' .. lease, 1)
redis.call('HINCRBY', meta, 'released', 1)
if redis.call('ZSCORE', processing, lease) then
  -- Still leased, the lease cut to the back-off; the next claim after it re-queues it.
  redis.call('ZADD', processing, 'XX', now_ms() + tonumber(ARGV[2]), lease)
end
redis.call('EXPIRE', meta, tonumber(ARGV[3]))
return attempts
"""
)

# KEYS: processing, batches, metadata, payloads, members.  ARGV: lease id.  Returns 1 if acked.
ACK = (
    _PRELUDE
    + """
local processing, batches, meta, payloads, members = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local lease = ARGV[1]
if redis.call('ZREM', processing, lease) == 0 then
  return 0  -- not claimed (already acked, or its lease expired and it was re-queued)
end
local encoded = redis.call('HGET', batches, lease)
redis.call('HDEL', batches, lease)
redis.call('HDEL', meta, 'attempts:' .. lease)
redis.call('HINCRBY', meta, 'acked', 1)
if encoded then
  local ids = cjson.decode(encoded)
  chunked('HDEL', payloads, ids)
  chunked('SREM', members, ids)
end
return 1
"""
)
