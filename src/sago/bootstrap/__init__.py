"""The only place that picks concrete adapters: Settings in, wired components out.

Adapters are imported lazily so the embedded defaults never need an optional driver. The
model side (provider, LLM extractor and composer) is in `bootstrap.llm`.
"""

from __future__ import annotations

from contextlib import ExitStack, closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sago.batching.base import Batcher
from sago.bootstrap.llm import (
    LOCAL_REQUEST_TOKENS,
    LOCAL_TIMEOUT,
    build_composer,
    build_extractor,
    build_provider,
    build_redactor,
    llm_options,
    redacted_for_llm,
    uses_llm_email,
)
from sago.bootstrap.sync import LiveSync, build_sync
from sago.config import Settings
from sago.email.base import EmailComposer
from sago.emailstore.base import EmailStore
from sago.eventstore.base import EventStore
from sago.extractors.base import Extractor
from sago.pipeline.crash_points import CrashPoint
from sago.pipeline.extract import DuplicateFinder, ExtractStage
from sago.pipeline.guarded import guard_ports
from sago.pipeline.outages import Outages
from sago.pipeline.ports import Ports
from sago.pipeline.runner import Pipeline, Progress
from sago.queue.base import MessageQueue
from sago.rawstore.base import RawStore
from sago.redact.base import Redactor
from sago.runlog.base import RunLog
from sago.syncstate.base import SyncState

if TYPE_CHECKING:
    from sago.llm.providers.base import Provider
    from sago.pipeline.update import UpdateWriter

__all__ = [
    "LOCAL_REQUEST_TOKENS",
    "LOCAL_TIMEOUT",
    "Components",
    "LiveSync",
    "Stores",
    "UpdateParts",
    "build",
    "build_batcher",
    "build_composer",
    "build_duplicate_finder",
    "build_emailstore",
    "build_eventstore",
    "build_extractor",
    "build_pipeline",
    "build_provider",
    "build_queue",
    "build_rawstore",
    "build_redactor",
    "build_runlog",
    "build_stores",
    "build_sync",
    "build_syncstate",
    "llm_options",
    "redacted_for_llm",
    "update_writer",
    "uses_llm_email",
]


class UpdateParts(Protocol):
    """What drafting an update needs; `Components` and the dashboard's stores have it."""

    @property
    def eventstore(self) -> EventStore: ...

    @property
    def rawstore(self) -> RawStore: ...

    @property
    def composer(self) -> EmailComposer: ...

    @property
    def redactor(self) -> Redactor: ...


@dataclass
class Components(Ports):
    """Everything a pipeline run needs, already connected: the ports and, beside them,
    the extractor, the composer and the redactor."""

    extractor: Extractor
    composer: EmailComposer
    redactor: Redactor
    # The model endpoint the extractor and the composer share (None with `rules`).
    provider: Provider | None = None

    def close(self) -> None:
        for part in (
            self.queue,
            self.batcher,
            self.rawstore,
            self.eventstore,
            self.emailstore,
            self.runlog,
            self.extractor,
        ):
            part.close()
        if self.provider is not None:
            self.provider.close()


def build_queue(settings: Settings, *, consume: bool = True) -> MessageQueue:
    if settings.queue == "kafka":
        from sago.domain.message import Source
        from sago.queue.kafka import KafkaQueue

        return KafkaQueue(
            settings.kafka_bootstrap,
            group=settings.kafka_group,
            topics={
                Source.SLACK: settings.kafka_topic_slack,
                Source.GMAIL: settings.kafka_topic_gmail,
            },
            partitions=settings.kafka_partitions,
            replication=settings.kafka_replication_factor,
            consume=consume,
            session_timeout_ms=settings.kafka_session_timeout_ms,
            max_text_chars=settings.max_message_chars,
        )
    from sago.queue.embedded import EmbeddedQueue

    return EmbeddedQueue()


def _cassandra_options(settings: Settings) -> dict[str, Any]:
    """The keyspace and consistency choices the raw store and the sync state share."""
    return {
        "keyspace": settings.cassandra_keyspace,
        "replication_factor": settings.cassandra_replication_factor,
        "datacenter": settings.cassandra_datacenter,
        "consistency": settings.cassandra_consistency,
    }


def build_rawstore(settings: Settings) -> RawStore:
    if settings.rawstore == "cassandra":
        from sago.rawstore.cassandra import CassandraRawStore

        return CassandraRawStore(settings.cassandra_hosts, **_cassandra_options(settings))
    from sago.rawstore.sqlite import SqliteRawStore

    return SqliteRawStore(settings.messages_db)


def build_syncstate(settings: Settings) -> SyncState:
    """Live syncs keep their place beside the raw store: same file, same keyspace."""
    if settings.rawstore == "cassandra":
        from sago.syncstate.cassandra import CassandraSyncState

        return CassandraSyncState(settings.cassandra_hosts, **_cassandra_options(settings))
    from sago.syncstate.sqlite import SqliteSyncState

    return SqliteSyncState(settings.messages_db)


def build_batcher(settings: Settings) -> Batcher:
    if settings.batcher == "redis":
        from sago.batching.redis import RedisBatcher

        return RedisBatcher(
            settings.redis_url,
            prefix=settings.redis_prefix,
            ttl=settings.redis_ttl,
            threshold=settings.batch_size,
            max_wait=settings.batch_max_wait,
            lease=settings.batch_lease,
        )
    from sago.batching.memory import MemoryBatcher

    return MemoryBatcher(
        threshold=settings.batch_size, max_wait=settings.batch_max_wait, lease=settings.batch_lease
    )


@dataclass
class Stores:
    """Events, emails and runs: three ports, kept in one database (`settings.eventstore`)."""

    eventstore: EventStore
    emailstore: EmailStore
    runlog: RunLog

    def close(self) -> None:
        for part in (self.eventstore, self.emailstore, self.runlog):
            part.close()


def build_stores(settings: Settings) -> Stores:
    """The three stores over one shared connection (SQLite) or pool (PostgreSQL)."""
    with ExitStack() as undo:  # a store that fails to open closes those opened before it
        if settings.eventstore == "postgres":
            from sago.emailstore.postgres import PostgresEmailStore
            from sago.eventstore.postgres import PostgresEventStore
            from sago.runlog.postgres import PostgresRunLog
            from sago.sqldb.postgres import PostgresDatabase

            pg = PostgresDatabase(settings.postgres_dsn.get_secret_value())
            events: EventStore = undo.enter_context(closing(PostgresEventStore(pg)))
            emails: EmailStore = undo.enter_context(closing(PostgresEmailStore(pg)))
            runs: RunLog = PostgresRunLog(pg)
        else:
            from sago.emailstore.sqlite import SqliteEmailStore
            from sago.eventstore.sqlite import SqliteEventStore
            from sago.runlog.sqlite import SqliteRunLog
            from sago.sqldb.sqlite import SqliteDatabase

            db = SqliteDatabase(settings.events_db)
            events = undo.enter_context(closing(SqliteEventStore(db)))
            emails = undo.enter_context(closing(SqliteEmailStore(db)))
            runs = SqliteRunLog(db)
        undo.pop_all()
    return Stores(events, emails, runs)


def build_eventstore(settings: Settings) -> EventStore:
    """The event store alone (its own connection)."""
    if settings.eventstore == "postgres":
        from sago.eventstore.postgres import PostgresEventStore

        return PostgresEventStore(settings.postgres_dsn.get_secret_value())
    from sago.eventstore.sqlite import SqliteEventStore

    return SqliteEventStore(settings.events_db)


def build_emailstore(settings: Settings) -> EmailStore:
    """The email store alone (its own connection), in the event store's database."""
    if settings.eventstore == "postgres":
        from sago.emailstore.postgres import PostgresEmailStore

        return PostgresEmailStore(settings.postgres_dsn.get_secret_value())
    from sago.emailstore.sqlite import SqliteEmailStore

    return SqliteEmailStore(settings.events_db)


def build_runlog(settings: Settings) -> RunLog:
    """The run log alone (its own connection), in the event store's database."""
    if settings.eventstore == "postgres":
        from sago.runlog.postgres import PostgresRunLog

        return PostgresRunLog(settings.postgres_dsn.get_secret_value())
    from sago.runlog.sqlite import SqliteRunLog

    return SqliteRunLog(settings.events_db)


def build(settings: Settings, *, consume: bool = True) -> Components:
    """Connect every backend the settings name. Embedded files live under data_dir."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    provider = build_provider(settings) if settings.llm != "rules" else None
    stores = build_stores(settings)
    return Components(
        queue=build_queue(settings, consume=consume),
        rawstore=build_rawstore(settings),
        batcher=build_batcher(settings),
        eventstore=stores.eventstore,
        emailstore=stores.emailstore,
        runlog=stores.runlog,
        extractor=build_extractor(settings, provider),
        composer=build_composer(settings, provider),
        provider=provider,
        redactor=build_redactor(settings),
    )


def build_pipeline(
    settings: Settings,
    components: Components,
    progress: Progress | None = None,
    *,
    outages: Outages | None = None,
) -> Pipeline:
    """The pipeline over already-connected components, each port guarded once here: one
    outage tracker for every call (a test may pass its own clock), and the run's crash
    point (SAGO_CRASH_AT)."""
    outages = outages or Outages()
    ports = guard_ports(components, outages, CrashPoint(settings.crash_at))
    stage = ExtractStage(
        extractor=components.extractor,
        eventstore=ports.eventstore,
        rawstore=ports.rawstore,
        batcher=ports.batcher,
        max_attempts=settings.batch_max_attempts,
        backoff_base=settings.batch_backoff_base,
        backoff_cap=settings.batch_backoff_cap,
        find_duplicate=build_duplicate_finder(settings),
        outages=outages,
    )
    return Pipeline(
        queue=ports.queue,
        rawstore=ports.rawstore,
        batcher=ports.batcher,
        eventstore=ports.eventstore,
        emailstore=ports.emailstore,
        runlog=ports.runlog,
        composer=components.composer,
        extract=stage,
        redactor=components.redactor,
        company_id=settings.company_id,
        company_name=settings.company_name,
        progress=progress or Progress(),
        outages=outages,
    )


def update_writer(settings: Settings, parts: UpdateParts) -> UpdateWriter:
    """The investor update's one drafting path, over connected stores."""
    from sago.pipeline.update import UpdateWriter

    return UpdateWriter(
        eventstore=parts.eventstore,
        rawstore=parts.rawstore,
        composer=parts.composer,
        redactor=parts.redactor,
        company_name=settings.company_name,
    )


def build_duplicate_finder(settings: Settings) -> DuplicateFinder | None:
    """Rules events carry deterministic ids; LLM wording varies, so those also get a
    similarity check against stored events."""
    if settings.llm == "rules":
        return None
    from sago.domain.similarity import find_duplicate

    return find_duplicate
