"""The only place that picks concrete adapters: Settings in, wired components out.

Adapters are imported lazily so the embedded defaults never need an optional driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sago.batching.base import Batcher
from sago.config import Settings
from sago.email.base import EmailComposer
from sago.eventstore.base import EventStore
from sago.extractors.base import Extractor
from sago.pipeline.extract import DuplicateFinder, ExtractStage
from sago.pipeline.runner import Pipeline, Progress
from sago.queue.base import MessageQueue
from sago.rawstore.base import RawStore
from sago.redact.base import Redactor
from sago.sources.base import Record
from sago.syncstate.base import SyncState

if TYPE_CHECKING:
    from pydantic_ai.models import Model

    from sago.llm.cache import ReplayCache
    from sago.llm.options import LLMOptions
    from sago.llm.providers.base import Provider
    from sago.pipeline.update import UpdateWriter


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
class Components:
    """Everything a pipeline run needs, already connected."""

    queue: MessageQueue
    rawstore: RawStore
    batcher: Batcher
    eventstore: EventStore
    extractor: Extractor
    composer: EmailComposer
    redactor: Redactor
    # The model endpoint the extractor and the composer share (None with `rules`).
    provider: Provider | None = None

    def close(self) -> None:
        for part in (self.queue, self.batcher, self.rawstore, self.eventstore, self.extractor):
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


class LiveSync(Protocol):
    """A live source: one pass of records, then `commit()` once they are stored."""

    def read(self) -> Iterator[Record]: ...

    def commit(self) -> None: ...


def build_sync(settings: Settings, kind: str, state: SyncState) -> LiveSync:
    """The Slack or Gmail sync the settings describe (ValueError: a setting to fix)."""
    if kind == "slack":
        from sago.sources.slack_api import SlackSync, slack_client

        token = settings.slack_bot_token()
        if token is None:
            raise ValueError(
                "sago sync slack needs the bot token: set SLACK_BOT_TOKEN (or "
                "SAGO_SLACK_TOKEN, or SAGO_SLACK_TOKEN_FILE naming a 0600 file)"
            )
        return SlackSync(
            slack_client(token.get_secret_value(), settings.slack_base_url),
            settings.company_id,
            state,
            lookback=timedelta(days=settings.slack_lookback_days),
            channels=settings.slack_channels,
            max_chars=settings.max_message_chars,
        )
    from sago.sources.gmail_api import GmailSync, gmail_service

    if settings.gmail_credentials is None:
        raise ValueError(
            "sago sync gmail needs SAGO_GMAIL_CREDENTIALS: an OAuth user credentials file "
            "or a service-account key (0600)"
        )
    service = gmail_service(
        settings.gmail_credentials,
        user=settings.gmail_user,
        base_url=settings.gmail_base_url,
        token_uri=settings.gmail_token_uri,
    )
    return GmailSync(
        service,
        settings.company_id,
        state,
        user=settings.gmail_user,
        query=settings.gmail_query,
        max_chars=settings.max_message_chars,
    )


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


def build_eventstore(settings: Settings) -> EventStore:
    if settings.eventstore == "postgres":
        from sago.eventstore.postgres import PostgresEventStore

        return PostgresEventStore(settings.postgres_dsn.get_secret_value())
    from sago.eventstore.sqlite import SqliteEventStore

    return SqliteEventStore(settings.events_db)


# A 0.5B model reads ~1,000 message tokens well; more, and it loses track of them.
LOCAL_REQUEST_TOKENS = 1_024
# A CPU reads ~35-70 prompt tokens/s: a request may take minutes, not seconds.
LOCAL_TIMEOUT = 600.0


def llm_options(settings: Settings) -> LLMOptions:
    from sago.llm.options import LLMOptions

    local = settings.llm.startswith("local:")
    timeout = settings.llm_timeout
    if local and "llm_timeout" not in settings.model_fields_set:
        timeout = LOCAL_TIMEOUT
    return LLMOptions(
        timeout=timeout,
        # A local server is never rate-limited, and a request it timed out on would only
        # time out again: the extractor shortens it instead (one slot, one request at a time).
        max_retries=0 if local else settings.llm_max_retries,
        retry_initial_delay=settings.llm_retry_initial_delay,
        retry_max_delay=settings.llm_retry_max_delay,
        concurrency=1 if local else settings.llm_concurrency,
        token_budget=settings.llm_token_budget,
        max_input_tokens=settings.llm_context_tokens,
        request_tokens=settings.llm_request_tokens or (LOCAL_REQUEST_TOKENS if local else None),
        max_output_tokens=settings.llm_max_output_tokens,
        output_retries=settings.llm_output_retries,
        output_mode=settings.llm_output_mode,
        # Greedy decoding by default on a local model: the same input gives the same events.
        temperature=0.0 if local and settings.llm_temperature is None else settings.llm_temperature,
        seed=settings.llm_seed,
        price_input_per_mtok=settings.llm_price_input_per_mtok,
        price_output_per_mtok=settings.llm_price_output_per_mtok,
    )


def build_provider(settings: Settings) -> Provider:
    """The model SAGO_LLM names: cut-off answers salvaged, metered, budgeted, and behind
    the replay cache.

    The one construction path for providers: the pipeline, the bench and the tests all
    come through here. Every model it makes shares the run's token budget; each counts
    its own requests (a `Meter`), failed ones included.
    """
    from sago.llm.budget import TokenBudget
    from sago.llm.metered import Meter, MeteredModel
    from sago.llm.providers.base import Provider
    from sago.llm.salvage import SalvagedModel

    raw = _raw_provider(settings)
    options = llm_options(settings)
    budget = TokenBudget(settings.llm_token_budget)
    replay = _replay_cache(settings)

    def make() -> Model:
        model: Model = MeteredModel(
            SalvagedModel(raw.model()), meter=Meter(), budget=budget, options=options
        )
        if replay is not None:
            from sago.llm.replay import CachedModel

            model = CachedModel(model, cache=replay, identity=raw.identity)
        return model

    def close() -> None:
        raw.close()
        if replay is not None:
            replay.close()

    return Provider(
        raw.name,
        make,
        context_tokens=raw.context_tokens,
        speed=raw.speed,
        identity=raw.identity,
        on_close=close,
    )


def _replay_cache(settings: Settings) -> ReplayCache | None:
    if not settings.llm_cache:
        return None
    from sago.llm.cache_sqlite import SqliteReplayCache

    return SqliteReplayCache(settings.llm_cache_db)


def _raw_provider(settings: Settings) -> Provider:
    """The provider's own model factory, aimed at SAGO_LLM_BASE_URL when set."""
    from sago.llm.providers.base import Provider

    provider, _, name = settings.llm.partition(":")
    key = settings.provider_api_key(provider)
    secret = key.get_secret_value() if key is not None else None
    base_url = settings.llm_base_url
    if provider == "local":
        return _local_provider(settings, name)
    if provider == "gemini":
        from sago.llm.providers.gemini import gemini_model

        options = llm_options(settings)
        return Provider(
            settings.llm,
            lambda: gemini_model(name, api_key=secret, base_url=base_url, options=options),
        )
    from sago.llm.providers.openai_compat import openai_model

    return Provider(settings.llm, lambda: openai_model(name, api_key=secret, base_url=base_url))


def _local_provider(settings: Settings, name: str) -> Provider:
    """Start llama.cpp on the weights `local:<name>` names; closing the provider stops it."""
    from sago.errors import SetupError
    from sago.llm.catalogue import resolve
    from sago.llm.providers.base import Provider
    from sago.llm.providers.local import LocalServer
    from sago.llm.providers.openai_compat import openai_model

    try:
        path = resolve(name)
    except FileNotFoundError as exc:
        raise SetupError(str(exc)) from exc
    server = LocalServer(
        path,
        context=settings.llm_local_context,
        threads=settings.llm_local_threads,
        seed=settings.llm_seed,
    ).start()
    timeout = llm_options(settings).timeout
    return Provider(
        settings.llm,
        lambda: openai_model(
            "local", api_key=None, base_url=server.base_url, http_client=server.http_client(timeout)
        ),
        context_tokens=server.context,
        speed=server.speed,
        # The weights, not the path, decide the answers: name and size identify them.
        identity=f"local:{path.name}:{path.stat().st_size}",
        on_close=server.stop,
    )


def build_extractor(settings: Settings, provider: Provider | None = None) -> Extractor:
    """The extractor SAGO_LLM names. Without `provider`, an LLM extractor gets its own
    and closes it with itself."""
    if settings.llm == "rules":
        from sago.extractors.rules import RulesExtractor

        # The company id names the company only when the user set it ("default" names none).
        configured = "company_id" in settings.model_fields_set
        return RulesExtractor(
            company_names=settings.company_names,
            company_id=settings.company_id if configured else None,
        )
    from sago.extractors.llm import LLMExtractor

    owned = provider is None
    provider = provider or build_provider(settings)
    extractor = LLMExtractor(
        provider.model(),
        name=settings.llm,
        options=llm_options(settings),
        company_names=settings.company_names,
        context_tokens=provider.context_tokens,
        speed=provider.speed,
        on_close=provider.close if owned else None,
    )
    return redacted_for_llm(settings, extractor)


def build_redactor(settings: Settings) -> Redactor:
    from sago.redact.presidio import PresidioRedactor

    return PresidioRedactor(settings.redact_terms)


def redacted_for_llm(settings: Settings, extractor: Extractor) -> Extractor:
    """A model reads redacted messages, unless it runs on this machine and the user said
    it may read them as they are (SAGO_REDACT_FOR_LLM=false)."""
    if not settings.redact_for_llm and settings.llm_is_local:
        return extractor
    from sago.redact.extractor import RedactingExtractor

    return RedactingExtractor(extractor, build_redactor(settings))


def build_composer(settings: Settings, provider: Provider | None = None) -> EmailComposer:
    """The template, or the LLM with the template as its fallback.

    "auto" (the default) uses the LLM exactly when SAGO_LLM names one, so a user with a key
    sets SAGO_LLM and the key and gets both extraction and the email from the model.
    """
    from sago.email.template import TemplateComposer

    template = TemplateComposer()
    if not uses_llm_email(settings):
        return template
    if settings.llm == "rules":
        raise ValueError("SAGO_EMAIL_COMPOSER=llm needs SAGO_LLM=gemini:<model> or openai:<model>")
    from sago.email.llm import LLMComposer

    return LLMComposer(
        (provider or build_provider(settings)).model(),
        name=settings.llm,
        options=llm_options(settings),
        fallback=template,
    )


def uses_llm_email(settings: Settings) -> bool:
    return settings.email_composer == "llm" or (
        settings.email_composer == "auto" and settings.llm != "rules"
    )


def build(settings: Settings, *, consume: bool = True) -> Components:
    """Connect every backend the settings name. Embedded files live under data_dir."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    provider = build_provider(settings) if settings.llm != "rules" else None
    return Components(
        queue=build_queue(settings, consume=consume),
        rawstore=build_rawstore(settings),
        batcher=build_batcher(settings),
        eventstore=build_eventstore(settings),
        extractor=build_extractor(settings, provider),
        composer=build_composer(settings, provider),
        provider=provider,
        redactor=build_redactor(settings),
    )


def build_pipeline(
    settings: Settings, components: Components, progress: Progress | None = None
) -> Pipeline:
    """The pipeline over already-connected components."""
    stage = ExtractStage(
        extractor=components.extractor,
        eventstore=components.eventstore,
        rawstore=components.rawstore,
        batcher=components.batcher,
        max_attempts=settings.batch_max_attempts,
        find_duplicate=build_duplicate_finder(settings),
    )
    return Pipeline(
        queue=components.queue,
        rawstore=components.rawstore,
        batcher=components.batcher,
        eventstore=components.eventstore,
        composer=components.composer,
        extract=stage,
        redactor=components.redactor,
        company_id=settings.company_id,
        company_name=settings.company_name,
        crash_at=settings.crash_at,
        progress=progress or Progress(),
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
