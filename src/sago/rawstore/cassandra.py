"""Apache Cassandra raw message store: the scale path beside SQLite, shared by every worker.

Tables and partitioning: `cassandra_schema`.

Forward-only status without lightweight transactions: every status write carries
`USING TIMESTAMP <rank>` (stored 1, batched 2, extracted/dead-lettered 3), and Cassandra
keeps the cell with the highest write timestamp whatever the order writes arrive in.
Re-storing a message writes `stored` at 1, which never shadows `batched` at 2; an old
worker's late `batched` loses to `extracted`. The same rank deletes the message's
unfinished row, and that tombstone also shadows a later re-insert at rank 1. No write
needs Paxos: on this 2-core machine's single node an `INSERT … IF NOT EXISTS` ran at
800-2,100/s against ~4,500/s for plain writes, and cannot share a batch with other
messages' rows (`test_store_throughput` prints both). Caveats: a cell written without
`USING TIMESTAMP` (a manual cqlsh fix) beats every rank; if one worker dead-letters a
batch while another extracts it, `extracted` wins (equal rank, larger value); a message
id is expected to keep its timestamp (a changed one leaves the old body row behind).

Consistency defaults to LOCAL_QUORUM: one replica with replication factor 1 (a single
node), two of three with RF 3, so one replica may be down. Quorum writes and reads
overlap, which store()'s read-back of statuses relies on. flush() truncates the tables:
the schema and prepared statements stay valid (with `auto_snapshot: true` the server
keeps a snapshot of what was truncated).
"""

from __future__ import annotations

import heapq
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sago.domain.batch import DeadLetter
from sago.domain.message import Message, MessageStatus, Source
from sago.errors import missing_extra
from sago.rawstore.base import RawStore, forward_only
from sago.rawstore.cassandra_schema import (
    ALL_TABLES,
    BUCKETS,
    Statements,
    bucket_of,
    create_schema,
    write_time,
)
from sago.rawstore.cassandra_session import (
    explained,
    make_cluster,
    run_concurrently,
    unreachable,
)

try:
    from cassandra.query import BatchStatement, BatchType
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("cassandra-driver", "cassandra") from exc

_WAITING = (MessageStatus.STORED, MessageStatus.BATCHED)
# One batch is one mutation, which the commit log caps at half a segment (16 MiB).
_BATCH_ROWS = 100
_BATCH_BYTES = 512 * 1024
_IN_CHUNK = 200
# Bodies fetched per round trip wave while re-batching: big enough to keep requests in flight.
_UNFINISHED_CHUNK = 5000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIRST_DAY, _LAST_DAY = date(1, 1, 1), date(9999, 12, 31)
_KEYSPACE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,47}")

_Groups = dict[Any, list[tuple[Any, tuple[Any, ...], int]]]
"""Rows to batch, by partition: (statement, parameters, approximate bytes)."""


@dataclass(frozen=True)
class _Meta:
    status: MessageStatus
    is_chat: bool
    day: date
    ts: int
    version: int


def _utc(moment: datetime) -> datetime:
    # Naive datetimes are taken as UTC, as every Message timestamp is.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (_utc(moment) - _EPOCH) // timedelta(microseconds=1)


class CassandraRawStore(RawStore):
    """Raw messages and their statuses in Cassandra (schema: `cassandra_schema`).

    `hosts` is `host:port[,host:port]`. With `datacenter` the keyspace uses
    NetworkTopologyStrategy there (and the driver prefers its nodes); without,
    SimpleStrategy. An existing keyspace is used as it is.
    """

    def __init__(
        self,
        hosts: str,
        *,
        keyspace: str = "message_queue_db",
        replication_factor: int = 1,
        datacenter: str | None = None,
        consistency: str = "LOCAL_QUORUM",
        connect_timeout: float = 4.0,
        request_timeout: float = 30.0,
        fetch_size: int = 500,
        concurrency: int = 32,
    ) -> None:
        if not _KEYSPACE.fullmatch(keyspace):
            raise ValueError(f"bad SAGO_CASSANDRA_KEYSPACE {keyspace!r}: letters, digits, _")
        self.keyspace = keyspace
        self._fetch_size = fetch_size
        self._concurrency = concurrency
        self._cluster = make_cluster(
            hosts,
            datacenter=datacenter,
            consistency=consistency,
            connect_timeout=connect_timeout,
            request_timeout=request_timeout,
        )
        try:
            self._session = self._cluster.connect()
            create_schema(self._session, keyspace, replication_factor, datacenter)
            self._q = Statements(self._session, keyspace)
        except BaseException as exc:
            self._cluster.shutdown()  # else its reactor and control-connection threads linger
            error = unreachable(exc, hosts)
            if error is None:
                raise
            raise error from exc

    # -- helpers ----------------------------------------------------------------------------

    def _run(self, work: Iterable[tuple[Any, Any]]) -> list[Any]:
        return run_concurrently(self._session, list(work), self._concurrency)

    def _execute(self, statement: Any, params: Any = None) -> Any:
        with explained():
            return self._session.execute(statement, params)

    @staticmethod
    def _batches(
        groups: _Groups,
    ) -> Iterator[tuple[BatchStatement, None]]:
        """One UNLOGGED batch per partition (and size cap): atomic, with no batch log."""
        for rows in groups.values():
            batch, size = BatchStatement(batch_type=BatchType.UNLOGGED), 0
            for statement, params, nbytes in rows:
                if len(batch) and (len(batch) >= _BATCH_ROWS or size + nbytes > _BATCH_BYTES):
                    yield batch, None
                    batch, size = BatchStatement(batch_type=BatchType.UNLOGGED), 0
                batch.add(statement, params)
                size += nbytes
            if len(batch):
                yield batch, None

    def _metadata(self, company_id: str, ids: Iterable[str]) -> dict[str, _Meta]:
        by_bucket: dict[int, list[str]] = defaultdict(list)
        for message_id in dict.fromkeys(ids):
            by_bucket[bucket_of(message_id)].append(message_id)
        work = [
            (self._q.select_meta, (company_id, bucket, chunk[start : start + _IN_CHUNK]))
            for bucket, chunk in by_bucket.items()
            for start in range(0, len(chunk), _IN_CHUNK)
        ]
        found: dict[str, _Meta] = {}
        for rows in self._run(work):
            for message_id, status, source, day, ts, version in rows:
                is_chat = source == Source.SLACK.value
                found[message_id] = _Meta(
                    MessageStatus(status), is_chat, day.date(), int(ts), int(version or 0)
                )
        return found

    def _bodies(self, company_id: str, metas: dict[str, _Meta]) -> dict[str, Message]:
        by_partition: dict[tuple[bool, date], list[tuple[int, str]]] = defaultdict(list)
        for message_id, meta in metas.items():
            by_partition[(meta.is_chat, meta.day)].append((meta.ts, message_id))
        work = [
            (self._q.select_bodies[chat], (company_id, day, keys[start : start + _IN_CHUNK]))
            for (chat, day), keys in by_partition.items()
            for start in range(0, len(keys), _IN_CHUNK)
        ]
        return {
            message_id: Message.model_validate_json(body)
            for rows in self._run(work)
            for message_id, body in rows
        }

    # -- the port ---------------------------------------------------------------------------

    def store(
        self, messages: Sequence[Message], bodies: Sequence[str] | None = None
    ) -> dict[str, MessageStatus]:
        if not messages:
            return {}
        unique: dict[tuple[str, str], Message] = {}
        given: dict[int, str] = {}  # id(message) → its JSON, when the caller has it
        for i, m in enumerate(messages):
            known = unique.get((m.company_id, m.id))
            if known is None or m.version > known.version:
                unique[(m.company_id, m.id)] = m
            if bodies is not None:
                given[id(m)] = bodies[i]
        self._keep_versions([m for m in unique.values() if m.version > 0])
        # Bodies (and the day index) first, then metadata: a message counts as stored only
        # once its body exists.
        body_rows: _Groups = defaultdict(list)
        index: _Groups = defaultdict(list)
        days: set[tuple[str, date, str]] = set()
        for (company_id, message_id), m in unique.items():
            day, ts = m.timestamp.date(), _micros(m.timestamp)
            body = given.get(id(m)) or m.model_dump_json()
            params = (company_id, day, ts, message_id, m.source.value, body)
            at = write_time(m.version, MessageStatus.STORED)
            insert = (
                (self._q.insert_body[m.is_chat], params)
                if m.version == 0
                else (self._q.insert_body_at[m.is_chat], (*params, at))
            )
            body_rows[(m.is_chat, company_id, day)].append((*insert, len(body)))
            days.add((company_id, day, m.source.value))
            bucket = bucket_of(message_id)
            key = (company_id, bucket, message_id)
            # Same partition key in both tables: one mutation, applied atomically.
            row = (*key, m.source.value, day, ts, m.version, at)
            index[key[:2]].append((self._q.insert_unfinished, (*key, at), 0))
            index[key[:2]].append((self._q.insert_meta, row, 0))
        for company_id, day, source in sorted(days):
            body_rows[company_id].append((self._q.insert_day, (company_id, day, source), 0))
        self._run(self._batches(body_rows))
        self._run(self._batches(index))
        by_company: dict[str, list[str]] = defaultdict(list)
        for company_id, message_id in unique:
            by_company[company_id].append(message_id)
        current: dict[tuple[str, str], MessageStatus] = {}
        for company_id, ids in by_company.items():
            for message_id, meta in self._metadata(company_id, ids).items():
                current[(company_id, message_id)] = meta.status
        # A read that misses a row just written (consistency ONE with RF > 1) means stored.
        return {m.id: current.get((m.company_id, m.id), MessageStatus.STORED) for m in messages}

    def _keep_versions(self, changed: Sequence[Message]) -> None:
        """Keep the text a newer version replaces, and the newer one, in message_versions."""
        by_company: dict[str, list[Message]] = defaultdict(list)
        for m in changed:
            by_company[m.company_id].append(m)
        work: list[tuple[Any, tuple[Any, ...]]] = []
        for company_id, group in by_company.items():
            metas = self._metadata(company_id, [m.id for m in group])
            current = self._bodies(company_id, metas)
            for m in group:
                meta, body = metas.get(m.id), current.get(m.id)
                if meta is not None and body is not None and meta.version < m.version:
                    work.append(
                        (
                            self._q.insert_version,
                            (company_id, m.id, meta.version, body.model_dump_json()),
                        )
                    )
                work.append(
                    (self._q.insert_version, (company_id, m.id, m.version, m.model_dump_json()))
                )
        self._run(work)

    def versions(self, company_id: str, message_id: str) -> list[Message]:
        rows = self._execute(self._q.select_versions, (company_id, message_id))
        found = [Message.model_validate_json(body) for (body,) in rows]
        return found or self.get(company_id, [message_id])

    def get(self, company_id: str, ids: Sequence[str]) -> list[Message]:
        found = self._bodies(company_id, self._metadata(company_id, ids))
        return [found[i] for i in ids if i in found]

    def messages(
        self, company_id: str, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[Message]:
        low = _micros(since) if since else -(2**63)
        high = _micros(until) if until else 2**63 - 1
        first = _utc(since).date() if since else _FIRST_DAY
        last = _utc(until).date() if until else _LAST_DAY
        sources: dict[date, set[bool]] = defaultdict(set)
        for day, source in self._execute(self._q.select_days, (company_id, first, last)):
            sources[day.date()].add(source == Source.SLACK.value)
        for day in sorted(sources):
            streams = []
            for chat in sorted(sources[day]):
                bound = self._q.select_range[chat].bind((company_id, day, low, high))
                bound.fetch_size = self._fetch_size  # the driver pages lazily as we iterate
                # A generator, not the ResultSet: iter() on a ResultSet rewinds its page,
                # and heapq.merge calls iter() again on its last stream.
                streams.append(row for row in self._execute(bound))
            for _, _, body in heapq.merge(*streams):
                yield Message.model_validate_json(body)

    def set_status(
        self,
        company_id: str,
        ids: Sequence[str],
        status: MessageStatus,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        # The read only skips writes that could not apply; the write time (rank, and the
        # version the caller handled) is what keeps a status from moving back when two
        # workers race, and a newer version `stored` whatever an older one's worker says.
        finished = status not in _WAITING
        groups: _Groups = defaultdict(list)
        for message_id, meta in self._metadata(company_id, ids).items():
            version = meta.version if versions is None else versions.get(message_id, 0)
            if version < meta.version:
                continue  # a newer version was stored since: it waits for its extraction
            if version == meta.version and not forward_only(meta.status, status):
                continue
            at = write_time(version, status)
            key = (company_id, bucket_of(message_id), message_id)
            groups[key[1]].append((self._q.update_status, (at, status.value, *key), 0))
            if finished:
                groups[key[1]].append((self._q.delete_unfinished, (at, *key), 0))
        self._run(self._batches(groups))

    def update_message_status(
        self, company_id: str, ids: Sequence[str], status: MessageStatus
    ) -> None:
        """The seed's name for `set_status`."""
        self.set_status(company_id, ids, status)

    def statuses(self, company_id: str, ids: Sequence[str]) -> dict[str, MessageStatus]:
        return {i: meta.status for i, meta in self._metadata(company_id, ids).items()}

    def unfinished(self, company_id: str | None = None) -> Iterator[Message]:
        if company_id is not None:
            companies = [company_id]
        else:
            # DISTINCT over partition keys only: no row data and no ALLOW FILTERING.
            rows = self._execute(self._q.unfinished_partitions)
            companies = sorted({company for company, _ in rows})
        for company in companies:
            work = [(self._q.select_unfinished, (company, bucket)) for bucket in range(BUCKETS)]
            ids = [message_id for rows in self._run(work) for (message_id,) in rows]
            # The index may hold a row its message has left (see the schema): trust metadata.
            waiting = {
                i: meta
                for i, meta in self._metadata(company, ids).items()
                if meta.status in _WAITING
            }
            ordered = sorted(waiting, key=lambda i: (waiting[i].ts, i))
            for start in range(0, len(ordered), _UNFINISHED_CHUNK):
                chunk = ordered[start : start + _UNFINISHED_CHUNK]
                found = self._bodies(company, {i: waiting[i] for i in chunk})
                yield from (found[i] for i in chunk if i in found)

    def count(self, company_id: str, status: MessageStatus | None = None) -> int:
        work: list[tuple[Any, tuple[Any, ...]]]
        if status is None:
            work = [(self._q.count_all, (company_id, b)) for b in range(BUCKETS)]
        else:
            work = [(self._q.count_status, (company_id, b, status.value)) for b in range(BUCKETS)]
        return sum(int(rows.one()[0]) for rows in self._run(work))

    def add_dead_letter(self, dead: DeadLetter) -> None:
        # uuid1 is monotonic within a process, so two letters added in a row keep their order.
        self._execute(self._q.insert_dead, (dead.company_id, uuid.uuid1(), dead.model_dump_json()))

    def dead_letters(self, company_id: str) -> list[DeadLetter]:
        rows = self._execute(self._q.select_dead, (company_id,))
        return [DeadLetter.model_validate_json(body) for (body,) in rows]

    def flush(self) -> None:
        for table in ALL_TABLES:
            self._execute(f"TRUNCATE {self.keyspace}.{table}")

    def close(self) -> None:
        self._cluster.shutdown()
