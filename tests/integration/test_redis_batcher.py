"""The Redis batcher against a real server: concurrency, dead owners, TTL, key layout."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from sago.batching.redis import RedisBatcher
from sago.domain.message import Source
from sago.errors import ServiceUnavailableError
from support.factories import message, messages

_REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def prefix(redis_url: str, unique_name: str) -> Iterator[str]:
    name = f"sago-it:{unique_name}"
    yield name
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{name}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


def _batcher(
    url: str,
    prefix: str,
    *,
    threshold: int = 5,
    max_wait: float = 60.0,
    lease: float = 1.0,
    ttl: int = 600,
) -> RedisBatcher:
    return RedisBatcher(
        url, prefix=prefix, ttl=ttl, threshold=threshold, max_wait=max_wait, lease=lease
    )


@pytest.mark.redis
def test_threads_with_their_own_clients_never_claim_the_same_message(
    redis_url: str, prefix: str
) -> None:
    _batcher(redis_url, prefix).add(messages(500))
    claimed: list[list[str]] = []
    lock = threading.Lock()

    def work() -> None:
        batcher = _batcher(redis_url, prefix)
        try:
            while (batch := batcher.claim(final=True)) is not None:
                with lock:
                    claimed.append(batch.message_ids)
                batcher.ack(batch)
        finally:
            batcher.close()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    ids = [i for batch in claimed for i in batch]
    assert len(ids) == len(set(ids)) == 500
    assert all(len(batch) == 5 for batch in claimed)


_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from sago.batching.redis import RedisBatcher
    url, prefix = sys.argv[1], sys.argv[2]
    batcher = RedisBatcher(url, prefix=prefix, threshold=4, max_wait=60.0, lease=30.0)
    batcher.pending()  # connected
    print("ready", flush=True)
    sys.stdin.readline()  # both processes begin together, however slow their imports were
    got = []
    while (batch := batcher.claim(final=True)) is not None:
        got.append([batch.company_id, batch.source.value, *batch.message_ids])
        time.sleep(0.005)  # a little work per batch, as a real worker does
        batcher.ack(batch)
    print(json.dumps(got), flush=True)
    """
)


@pytest.mark.redis
def test_two_processes_split_the_batches_without_overlap(redis_url: str, prefix: str) -> None:
    producer = _batcher(redis_url, prefix, threshold=4)
    producer.add(messages(400) + messages(200, company="globex", source=Source.GMAIL))
    env = {**os.environ, "PYTHONPATH": str(_REPO / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, redis_url, prefix],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:  # release both before waiting on either
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.communicate(timeout=120)[0]) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    batches = [tuple(batch) for batches in results for batch in batches]
    assert all(results), "both processes should have claimed something"
    assert len(batches) == len(set(batches)) == 150
    claimed = {(company, ids) for company, _, *rest in batches for ids in rest}
    assert len(claimed) == 600
    assert producer.pending() == 0


@pytest.mark.redis
def test_a_dead_owners_batch_is_claimable_after_its_lease(redis_url: str, prefix: str) -> None:
    owner = _batcher(redis_url, prefix, lease=1.0)
    owner.add(messages(5))
    batch = owner.claim()
    assert batch is not None
    owner.close()  # dies without ack or release

    survivor = _batcher(redis_url, prefix, lease=1.0)
    assert survivor.claim(final=True) is None  # still leased
    assert survivor.pending() == 5
    time.sleep(1.3)
    again = survivor.claim()  # ready at once: it already waited, no need for final
    assert again is not None
    assert again.id == batch.id
    assert again.messages == batch.messages
    survivor.ack(again)
    assert survivor.pending() == 0
    survivor.close()


@pytest.mark.redis
def test_release_counts_attempts_across_clients(redis_url: str, prefix: str) -> None:
    first = _batcher(redis_url, prefix)
    second = _batcher(redis_url, prefix)
    first.add(messages(5))
    batch = first.claim()
    assert batch is not None
    assert first.release(batch, "llm timeout") == 1
    again = second.claim()
    assert again is not None
    assert again.attempts == 1
    assert second.release(again, "llm timeout", retry_after=0.5) == 2
    assert first.claim(final=True) is None
    time.sleep(0.7)
    third = first.claim()
    assert third is not None
    assert third.attempts == 2
    first.ack(third)
    assert second.pending() == 0
    first.close()
    second.close()


@pytest.mark.redis
def test_keys_follow_the_seed_layout_and_carry_a_ttl(
    redis_url: str, prefix: str, raw: redis.Redis
) -> None:
    batcher = _batcher(redis_url, prefix, ttl=120, lease=30.0)
    batcher.add(messages(7))
    batcher.add([message(99, source=Source.GMAIL)])
    batch = batcher.claim()
    assert batch is not None
    base = f"{prefix}:acme:slack"
    assert raw.type(f"{base}:queue") == "list"
    assert raw.lrange(f"{base}:queue", 0, -1) == ["6", "7"]
    assert raw.type(f"{base}:metadata") == "hash"
    meta = raw.hgetall(f"{base}:metadata")
    assert (meta["company_id"], meta["source"], meta["added"], meta["claimed"]) == (
        "acme",
        "slack",
        "7",
        "1",
    )
    assert raw.type(f"{base}:processing") == "zset"
    [(_, deadline_ms)] = raw.zrange(f"{base}:processing", 0, -1, withscores=True)
    seconds, micros = raw.time()
    server_now_ms = seconds * 1000 + micros / 1000
    assert 25_000 < deadline_ms - server_now_ms <= 30_000
    assert raw.llen(f"{prefix}:acme:gmail:queue") == 1
    assert raw.smembers(f"{prefix}:acme:members") == {"1", "2", "3", "4", "5", "6", "7", "99"}
    keys = raw.keys(f"{prefix}:*")
    assert f"{prefix}:index" in keys
    for key in keys:
        assert 0 < raw.ttl(key) <= 120, key
    batcher.close()


@pytest.mark.redis
def test_an_abandoned_queue_expires(redis_url: str, prefix: str, raw: redis.Redis) -> None:
    batcher = _batcher(redis_url, prefix, ttl=1)
    batcher.add(messages(3))
    time.sleep(2.2)
    assert raw.keys(f"{prefix}:*") == []
    assert batcher.pending() == 0
    assert batcher.add(messages(3)) == 3  # the ids are free again
    batcher.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A hang fails by pytest-timeout (no timed assertion: speed is the benchmarks' business).
@pytest.mark.timeout(30)
def test_an_unreachable_server_fails_fast_naming_the_setting() -> None:
    with pytest.raises(ServiceUnavailableError, match="SAGO_REDIS_URL") as caught:
        RedisBatcher(f"redis://:hunter2@127.0.0.1:{_closed_port()}/0")
    assert "Redis" in str(caught.value)
    assert "hunter2" not in str(caught.value)
