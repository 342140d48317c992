"""The Cassandra raw store's tables and prepared statements (keyspace `message_queue_db`).

- `chat_messages`, `email_messages`: the seed's per-source tables, partitioned by
  (company_id, day) and clustered by (ts DESC, id DESC), newest first as the seed reads
  them (the port's readers reverse it within a partition, which is cheap). The UTC day
  bucket keeps a partition from growing forever. `ts` is microseconds since the epoch:
  Cassandra's `timestamp` keeps only milliseconds and Slack's `ts` has microseconds.
  `body` is the whole Message as JSON, so a round trip returns exactly what was stored.
- `message_days`: which (day, source) partitions a company has, so a time-range read
  visits only those partitions instead of scanning the cluster.
- `message_metadata`: the seed's lookup table, one row per message with its status and
  where its body lives. Partition (company_id, bucket), bucket = crc32(id) % 32: the ids
  of one store() call land in few partitions, so they are written in single-partition
  batches and read back with `id IN ?`. One request per message would cap the Python
  driver at a few thousand requests a second. 32 buckets keep a partition near 30 MB
  for a company with ten million messages.
- `unfinished_messages`: the ids still stored or batched, partitioned like the metadata;
  a message leaves it in the same single-partition batch that makes it extracted or
  dead-lettered. `unfinished()` reads it instead of filtering all statuses.
- `dead_letters`: per company, in timeuuid order.
- `message_versions`: every text of a message that changed (edited or deleted at the
  source), by `Message.version`; a message that never changed has no row.

Versions: a message's first version is 0 and its status cells are written at their rank
(1-3). A newer version `v` writes its body, metadata and status cells at `v * 4 + rank`
(`write_time`), above everything an older version wrote, so it replaces the text, goes
back to `stored` and is extracted again, and whatever an older version's late writer
sends loses to it.
"""

from __future__ import annotations

import zlib
from typing import Any

from sago.domain.message import MessageStatus

BUCKETS = 32  # fixed forever: readers derive a message's partition from its id
RANK = {
    MessageStatus.STORED: 1,
    MessageStatus.BATCHED: 2,
    MessageStatus.EXTRACTED: 3,
    MessageStatus.DEAD_LETTERED: 3,
}
"""Write timestamp of each status: the highest wins, whatever order writes arrive in."""
BODY_TABLES = {True: "chat_messages", False: "email_messages"}  # keyed by Message.is_chat
ALL_TABLES = (
    *BODY_TABLES.values(),
    "message_days",
    "message_metadata",
    "unfinished_messages",
    "dead_letters",
    "message_versions",
)


def write_time(version: int, status: MessageStatus) -> int:
    """The write timestamp of a status (and of the body) of one version of a message."""
    return RANK[status] if version == 0 else version * 4 + RANK[status]


_BODY_TABLE = """CREATE TABLE IF NOT EXISTS {ks}.%s (
    company_id text, day date, ts bigint, id text, source text, body text,
    PRIMARY KEY ((company_id, day), ts, id)
) WITH CLUSTERING ORDER BY (ts DESC, id DESC)"""
_TABLES = (
    *(_BODY_TABLE % table for table in BODY_TABLES.values()),
    """CREATE TABLE IF NOT EXISTS {ks}.message_days (
    company_id text, day date, source text, PRIMARY KEY (company_id, day, source))""",
    """CREATE TABLE IF NOT EXISTS {ks}.message_metadata (
    company_id text, bucket int, id text, source text, day date, ts bigint, status text,
    version bigint, PRIMARY KEY ((company_id, bucket), id))""",
    # Every finished message leaves a tombstone here. A row resurrected by a replica that
    # missed its delete for longer than gc_grace is harmless (unfinished() checks the
    # metadata), so tombstones may be purged after an hour instead of ten days.
    """CREATE TABLE IF NOT EXISTS {ks}.unfinished_messages (
    company_id text, bucket int, id text, PRIMARY KEY ((company_id, bucket), id))
    WITH gc_grace_seconds = 3600 AND compaction = {{'class': 'SizeTieredCompactionStrategy',
    'tombstone_compaction_interval': '3600', 'unchecked_tombstone_compaction': 'true'}}""",
    """CREATE TABLE IF NOT EXISTS {ks}.dead_letters (
    company_id text, created timeuuid, body text, PRIMARY KEY (company_id, created))""",
    """CREATE TABLE IF NOT EXISTS {ks}.message_versions (
    company_id text, id text, version bigint, body text,
    PRIMARY KEY ((company_id, id), version))""",
)


def bucket_of(message_id: str) -> int:
    """The metadata partition of a message id (stable across processes and versions)."""
    return zlib.crc32(message_id.encode()) % BUCKETS


def create_keyspace(
    session: Any, keyspace: str, replication_factor: int, datacenter: str | None
) -> None:
    """The keyspace, if missing (an existing one is used as it is)."""
    if datacenter:
        strategy = f"'class': 'NetworkTopologyStrategy', '{datacenter}': {replication_factor}"
    else:
        strategy = f"'class': 'SimpleStrategy', 'replication_factor': {replication_factor}"
    session.execute(f"CREATE KEYSPACE IF NOT EXISTS {keyspace} WITH replication = {{{strategy}}}")


def create_schema(
    session: Any, keyspace: str, replication_factor: int, datacenter: str | None
) -> None:
    """Create the keyspace (if missing; an existing one is used as it is) and the tables."""
    create_keyspace(session, keyspace, replication_factor, datacenter)
    for statement in _TABLES:
        session.execute(statement.format(ks=keyspace))
    _add_version_column(session, keyspace)


def _add_version_column(session: Any, keyspace: str) -> None:
    """A keyspace created before message versions gets message_metadata.version (null
    reads as version 0). Two workers starting at once may both try: the second's error
    is fine once the column exists."""

    def has_column() -> bool:
        rows = session.execute(
            "SELECT column_name FROM system_schema.columns"
            " WHERE keyspace_name = %s AND table_name = 'message_metadata'",
            (keyspace,),
        )
        return any(row[0] == "version" for row in rows)

    if has_column():
        return
    try:
        session.execute(f"ALTER TABLE {keyspace}.message_metadata ADD version bigint")
    except Exception:
        if not has_column():
            raise


class Statements:
    """Every query the store runs, prepared once per connection."""

    def __init__(self, session: Any, keyspace: str) -> None:
        def prep(cql: str) -> Any:
            statement = session.prepare(cql.replace("{ks}", keyspace))
            # Each write is an upsert or carries a fixed timestamp, so a retry is harmless.
            statement.is_idempotent = True
            return statement

        stored = MessageStatus.STORED.value
        insert = (
            "INSERT INTO {ks}.%s (company_id, day, ts, id, source, body) VALUES (?, ?, ?, ?, ?, ?)"
        )
        self.insert_body = {chat: prep(insert % table) for chat, table in BODY_TABLES.items()}
        # A newer version's body, written at its version's time (`write_time`).
        self.insert_body_at = {
            chat: prep(insert % table + " USING TIMESTAMP ?") for chat, table in BODY_TABLES.items()
        }
        self.insert_version = prep(
            "INSERT INTO {ks}.message_versions (company_id, id, version, body) VALUES (?, ?, ?, ?)"
        )
        self.select_versions = prep(
            "SELECT body FROM {ks}.message_versions WHERE company_id = ? AND id = ?"
            " ORDER BY version ASC"
        )
        self.select_bodies = {
            chat: prep(
                f"SELECT id, body FROM {{ks}}.{table}"
                " WHERE company_id = ? AND day = ? AND (ts, id) IN ?"
            )
            for chat, table in BODY_TABLES.items()
        }
        self.select_range = {
            chat: prep(
                f"SELECT ts, id, body FROM {{ks}}.{table} WHERE company_id = ? AND day = ?"
                " AND ts >= ? AND ts < ? ORDER BY ts ASC, id ASC"
            )
            for chat, table in BODY_TABLES.items()
        }
        self.insert_day = prep(
            "INSERT INTO {ks}.message_days (company_id, day, source) VALUES (?, ?, ?)"
        )
        self.select_days = prep(
            "SELECT day, source FROM {ks}.message_days"
            " WHERE company_id = ? AND day >= ? AND day <= ?"
        )
        self.insert_meta = prep(
            "INSERT INTO {ks}.message_metadata"
            " (company_id, bucket, id, source, day, ts, version, status)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, '{stored}') USING TIMESTAMP ?"
        )
        self.update_status = prep(
            "UPDATE {ks}.message_metadata USING TIMESTAMP ? SET status = ?"
            " WHERE company_id = ? AND bucket = ? AND id = ?"
        )
        self.select_meta = prep(
            "SELECT id, status, source, day, ts, version FROM {ks}.message_metadata"
            " WHERE company_id = ? AND bucket = ? AND id IN ?"
        )
        self.count_all = prep(
            "SELECT COUNT(*) FROM {ks}.message_metadata WHERE company_id = ? AND bucket = ?"
        )
        # Filtering inside one partition, never across the cluster: its rows are read anyway.
        self.count_status = prep(
            "SELECT COUNT(*) FROM {ks}.message_metadata WHERE company_id = ? AND bucket = ?"
            " AND status = ? ALLOW FILTERING"
        )
        self.insert_unfinished = prep(
            "INSERT INTO {ks}.unfinished_messages (company_id, bucket, id) VALUES (?, ?, ?)"
            " USING TIMESTAMP ?"
        )
        self.delete_unfinished = prep(
            "DELETE FROM {ks}.unfinished_messages USING TIMESTAMP ?"
            " WHERE company_id = ? AND bucket = ? AND id = ?"
        )
        self.select_unfinished = prep(
            "SELECT id FROM {ks}.unfinished_messages WHERE company_id = ? AND bucket = ?"
        )
        # DISTINCT over the partition key reads no rows and needs no ALLOW FILTERING.
        self.unfinished_partitions = prep(
            "SELECT DISTINCT company_id, bucket FROM {ks}.unfinished_messages"
        )
        self.insert_dead = prep(
            "INSERT INTO {ks}.dead_letters (company_id, created, body) VALUES (?, ?, ?)"
        )
        self.select_dead = prep(
            "SELECT body FROM {ks}.dead_letters WHERE company_id = ? ORDER BY created ASC"
        )
