"""Redis batcher: the scale path. Several worker processes share its queues safely.

Every state change is one Lua script (`redis_lua`), so add, claim, release and ack are
atomic across processes, and all lease times come from the Redis server's clock.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from sago.batching import redis_lua
from sago.batching.base import Batcher
from sago.domain.batch import Batch
from sago.domain.message import Message, Source
from sago.errors import ServiceUnavailableError, missing_extra

try:
    import redis
    from redis.backoff import ExponentialBackoff, NoBackoff
    from redis.retry import Retry
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("redis", "redis") from exc

# Payloads per script call: bounds how long one add blocks the (single-threaded) server.
_ADD_CHUNK = 500
_SCAN_COUNT = 500


class RedisBatcher(Batcher):
    """Per (company, source) FIFO queues in Redis with leased, atomic claims.

    Keys follow the seed (``{prefix}:{company}:{source}:queue|metadata|processing``, see
    `sago.batching.redis_lua` for the full layout) and expire `ttl` seconds after their
    last write, so an abandoned company's queue cleans itself up.
    """

    durable = True

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "messages",
        ttl: int = 86_400,
        threshold: int = 200,
        max_wait: float = 30.0,
        lease: float = 300.0,
        connect_timeout: float = 5.0,
        socket_timeout: float = 30.0,
    ) -> None:
        super().__init__(threshold=threshold, max_wait=max_wait, lease=lease)
        if ttl < 1:
            raise ValueError("redis ttl must be at least 1 second")
        self.prefix = prefix
        self.ttl = ttl
        _probe(url, connect_timeout)
        # Short retries ride out a blip (a server restart); every script is safe to re-run:
        # a repeated add is a no-op, a repeated claim only leases a batch nobody works on
        # until its lease expires.
        self._redis = redis.Redis.from_url(
            url,
            decode_responses=True,
            socket_connect_timeout=connect_timeout,
            socket_timeout=socket_timeout,
            retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
            health_check_interval=30,
        )
        self._add = self._redis.register_script(redis_lua.ADD)
        self._claim = self._redis.register_script(redis_lua.CLAIM)
        self._release = self._redis.register_script(redis_lua.RELEASE)
        self._ack = self._redis.register_script(redis_lua.ACK)

    # -- key names ----------------------------------------------------------------------

    @property
    def index_key(self) -> str:
        return f"{self.prefix}:index"

    def base_key(self, company_id: str, source: Source | str) -> str:
        """The seed's ``{prefix}:{company}:{source}``; append ``:queue`` etc."""
        return f"{self.prefix}:{company_id}:{Source(source).value}"

    def members_key(self, company_id: str) -> str:
        return f"{self.prefix}:{company_id}:members"

    # -- the port -----------------------------------------------------------------------

    def add(self, messages: Sequence[Message]) -> int:
        groups: dict[tuple[str, Source], list[Message]] = {}
        for message in messages:
            groups.setdefault((message.company_id, message.source), []).append(message)
        added = 0
        for (company_id, source), group in groups.items():
            base = self.base_key(company_id, source)
            for start in range(0, len(group), _ADD_CHUNK):
                args: list[str | int] = [self.ttl, base, company_id, source.value]
                for message in group[start : start + _ADD_CHUNK]:
                    args += [message.id, message.model_dump_json()]
                keys = [self.index_key, self.members_key(company_id)]
                added += int(self._run(self._add, keys, args))
        return added

    def claim(self, *, final: bool = False) -> Batch | None:
        args: list[str | int] = [
            self.threshold,
            _ms(self.max_wait),
            _ms(self.lease),
            1 if final else 0,
            self.ttl,
        ]
        reply = self._run(self._claim, [self.index_key], args)
        if not reply:
            return None
        company_id, source, attempts, *payloads = cast(list[Any], reply)
        batch_messages = [Message.model_validate_json(body) for body in payloads]
        return Batch.of(company_id, Source(source), batch_messages, attempts=int(attempts))

    def ack(self, batch: Batch) -> None:
        base = self.base_key(batch.company_id, batch.source)
        keys = [
            f"{base}:processing",
            f"{base}:batches",
            f"{base}:metadata",
            f"{base}:payloads",
            self.members_key(batch.company_id),
        ]
        self._run(self._ack, keys, [lease_id(batch)])

    def release(self, batch: Batch, reason: str, retry_after: float = 0.0) -> int:
        base = self.base_key(batch.company_id, batch.source)
        keys = [f"{base}:processing", f"{base}:metadata"]
        args: list[str | int] = [lease_id(batch), _ms(max(retry_after, 0.0)), self.ttl]
        return int(self._run(self._release, keys, args))

    def pending(self) -> int:
        # Every queued or claimed message has exactly one payload entry until its ack.
        bases = self._call(self._redis.zrange, self.index_key, 0, -1)
        if not bases:
            return 0
        pipe = self._redis.pipeline(transaction=False)
        for base in bases:
            pipe.hlen(f"{base}:payloads")
        return sum(int(n) for n in self._call(pipe.execute))

    def clear(self) -> None:
        # Flush is rare, so a SCAN over our prefix is fine here; it also catches keys that
        # fell out of the index. Glob characters in the prefix are escaped.
        pattern = _glob_escape(self.prefix) + ":*"
        batch: list[str] = []
        for key in self._call(self._redis.scan_iter, match=pattern, count=_SCAN_COUNT):
            batch.append(key)
            if len(batch) >= _SCAN_COUNT:
                self._call(self._redis.unlink, *batch)
                batch.clear()
        if batch:
            self._call(self._redis.unlink, *batch)

    def close(self) -> None:
        self._redis.close()

    # -- helpers ------------------------------------------------------------------------

    def _run(self, script: Any, keys: list[str], args: Sequence[str | int]) -> Any:
        return self._call(script, keys=keys, args=list(args))

    def _call(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            # scan_iter is lazy: materialise it here so its errors are translated too.
            return list(result) if hasattr(result, "__next__") else result
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise ServiceUnavailableError("Redis", "SAGO_REDIS_URL", str(exc)) from exc


def lease_id(batch: Batch) -> str:
    """The id the claim script gave this batch's lease (see `redis_lua`)."""
    joined = "\x1f".join([batch.company_id, *batch.message_ids])
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()


def _ms(seconds: float) -> int:
    return math.ceil(seconds * 1000)


def _glob_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _probe(url: str, timeout: float) -> None:
    """Fail fast, naming the setting, if Redis is not reachable: no retries, bounded wait."""
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ServiceUnavailableError(
            "Redis", "SAGO_REDIS_URL", f"{redact_url(url)}: {exc}"
        ) from exc
    finally:
        client.close()
