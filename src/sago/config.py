"""All configuration, in one place: the only module that reads the environment.

Sources, highest first: constructor arguments, `SAGO_*` environment variables, `.env`,
`config.yaml` (its path from `SAGO_CONFIG`, default `./config.yaml`, optional). The seed's
key names (`cache_trigger_threshold`, `data_file_path`, `company_id`) are accepted there.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from sago.domain.message import DEFAULT_COMPANY_ID

QueueBackend = Literal["embedded", "kafka"]
RawStoreBackend = Literal["sqlite", "cassandra"]
BatcherBackend = Literal["memory", "redis"]
EventStoreBackend = Literal["sqlite", "postgres"]
CassandraConsistency = Literal[
    "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE"
]


class Settings(BaseSettings):
    """Every knob Sago has. Backends are Literals so a typo fails at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="SAGO_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
    )

    company_id: str = Field(default=DEFAULT_COMPANY_ID, min_length=1, max_length=128)
    # The company's own names ("Acme", "Acme Robotics"): news naming them is ours, news
    # naming another company is third-party. JSON list in the environment.
    company_names: list[str] = Field(default_factory=list)
    data_dir: Path = Path(".sago")
    data_file_path: Path = Path("data/full_data.csv")
    out_dir: Path = Path("output")
    # Off a terminal (CI, nohup, a container log) `sago run` writes one progress line this
    # often; on a terminal it draws a bar instead.
    progress_interval: float = Field(default=10.0, ge=0)

    # batching
    batch_size: int = Field(
        default=200, ge=1, validation_alias=AliasChoices("batch_size", "cache_trigger_threshold")
    )
    batch_max_wait: float = Field(default=30.0, ge=0)
    batch_lease: float = Field(default=300.0, gt=0)
    batch_max_attempts: int = Field(default=8, ge=1)
    # A failed batch waits base * 2**attempts seconds, at most cap, before its retry.
    batch_backoff_base: float = Field(default=2.0, ge=0)
    batch_backoff_cap: float = Field(default=60.0, ge=0)
    max_message_chars: int = Field(default=50_000, ge=100)

    # backends
    queue: QueueBackend = "embedded"
    rawstore: RawStoreBackend = "sqlite"
    batcher: BatcherBackend = "memory"
    eventstore: EventStoreBackend = "sqlite"

    # scale-path servers
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_group: str = "sago-workers"
    kafka_topic_slack: str = "slack-messages"
    kafka_topic_gmail: str = "gmail-messages"
    # Partitions per source topic: the most workers that can share one topic's load.
    kafka_partitions: int = Field(default=3, ge=1)
    kafka_replication_factor: int = Field(default=1, ge=1)
    # Short sessions so a dead worker's partitions move in seconds (broker minimum permitting).
    kafka_session_timeout_ms: int = Field(default=6000, ge=1000)
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = "messages"
    redis_ttl: int = Field(default=86_400, ge=1)
    postgres_dsn: SecretStr = SecretStr("postgresql://postgres:postgres@127.0.0.1:5432/events_db")
    cassandra_hosts: str = "127.0.0.1:9042"
    cassandra_keyspace: str = "message_queue_db"
    cassandra_replication_factor: int = Field(default=1, ge=1)
    # Set it to use NetworkTopologyStrategy in that datacenter (else SimpleStrategy).
    cassandra_datacenter: str | None = None
    cassandra_consistency: CassandraConsistency = "LOCAL_QUORUM"

    # extraction and email
    llm: str = "rules"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    # "auto": the LLM writes the email when SAGO_LLM names one, else the template does.
    email_composer: Literal["auto", "template", "llm"] = "auto"
    llm_timeout: float = Field(default=120.0, gt=0)  # seconds per HTTP attempt
    llm_max_retries: int = Field(default=4, ge=0)  # SDK retries on 408/429/5xx/timeouts
    llm_retry_initial_delay: float = Field(default=1.0, ge=0)
    llm_retry_max_delay: float = Field(default=30.0, ge=0)
    llm_concurrency: int = Field(default=4, ge=1)  # requests in flight per process
    llm_token_budget: int | None = Field(default=None, ge=1)  # input+output tokens per run
    llm_context_tokens: int = Field(default=100_000, ge=2_000)  # prompt size before splitting
    llm_max_output_tokens: int = Field(default=8_192, ge=256)
    llm_output_retries: int = Field(default=2, ge=0)  # re-asks after malformed output
    llm_output_mode: Literal["native", "tool", "prompted"] = "native"
    llm_temperature: float | None = Field(default=None, ge=0, le=2)
    llm_price_input_per_mtok: float | None = Field(default=None, ge=0)  # USD, else genai-prices
    llm_price_output_per_mtok: float | None = Field(default=None, ge=0)
    # local:<model>: llama.cpp's context window, CPU threads (default: cores - 1), seed
    llm_local_context: int = Field(default=8_192, ge=1_024)
    # Message tokens per request at most; a small model loses track in a long input, so a
    # local model defaults to 1,024 (None: only the context and the speed decide).
    llm_request_tokens: int | None = Field(default=None, ge=128)
    llm_local_threads: int | None = Field(default=None, ge=1)
    llm_seed: int = 42
    # The replay cache: a request answered before is answered from SAGO_DATA_DIR, not the model.
    llm_cache: bool = True
    llm_cache_path: Path | None = None  # default SAGO_DATA_DIR/llm_cache.sqlite3

    # redaction (sago.redact): terms the company keeps confidential (JSON list, e.g. the
    # customers under NDA), withheld from investors and from cloud models like
    # compensation, personal contact data and health/HR matters are.
    redact_terms: list[str] = Field(default_factory=list)
    # Messages are redacted before a model reads them; only a model on this machine
    # (SAGO_LLM_BASE_URL on loopback, or a local: model) may be given them unredacted.
    redact_for_llm: bool = True

    # live sync (`sago sync slack|gmail`, the Slack Events API receiver). Secrets come from
    # the environment or a 0600 file, never from the command line.
    slack_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("slack_token", "SLACK_BOT_TOKEN", "SAGO_SLACK_TOKEN"),
    )
    slack_token_file: Path | None = None
    slack_base_url: str = "https://slack.com/api/"
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "slack_signing_secret", "SLACK_SIGNING_SECRET", "SAGO_SLACK_SIGNING_SECRET"
        ),
    )
    # Threads and edits arrive after their parent was synced: each sync looks back this far.
    slack_lookback_days: float = Field(default=7.0, ge=0)
    slack_channels: list[str] = Field(default_factory=list)  # names or ids; empty = all
    gmail_credentials: Path | None = None  # OAuth user JSON or a service-account key
    gmail_base_url: str | None = None
    gmail_token_uri: str | None = None  # OAuth token endpoint (default: Google's)
    gmail_user: str = "me"  # with a service account: the address to act for (delegation)
    gmail_query: str = ""  # users.messages.list `q` for the first (full) sync
    sync_interval: float = Field(default=60.0, gt=0)  # seconds between `--follow` passes

    # dashboard: required to serve on any address other than loopback
    web_token: SecretStr | None = None

    # testing hooks
    crash_at: str | None = None

    @field_validator("llm")
    @classmethod
    def _check_llm(cls, value: str) -> str:
        provider = value.split(":", 1)[0]
        if provider not in {"rules", "gemini", "openai", "local"}:
            raise ValueError(
                f"unknown LLM {value!r}: use 'rules', 'gemini:<model>', 'openai:<model>' or "
                "'local:<model name or path to a .gguf>'"
            )
        if provider != "rules" and not value.partition(":")[2]:
            raise ValueError(f"LLM {value!r} needs a model name, e.g. '{provider}:<model>'")
        return value

    @model_validator(mode="after")
    def _check_llm_key(self) -> Settings:
        # A hosted provider without a key would only fail at the first batch; say so now.
        provider = self.llm.split(":", 1)[0]
        if provider == "gemini" and not self.llm_base_url and not self.provider_api_key("gemini"):
            raise ValueError(
                f"SAGO_LLM={self.llm} needs an API key: set GOOGLE_API_KEY or GEMINI_API_KEY"
            )
        if provider == "openai" and not self.llm_base_url and not self.provider_api_key("openai"):
            raise ValueError(
                f"SAGO_LLM={self.llm} needs OPENAI_API_KEY, or SAGO_LLM_BASE_URL for a local "
                "server (Ollama, vLLM, llama.cpp)"
            )
        return self

    @model_validator(mode="after")
    def _check_redaction(self) -> Settings:
        if not self.redact_for_llm and self.llm != "rules" and not self.llm_is_local:
            raise ValueError(
                f"SAGO_REDACT_FOR_LLM=false would send unredacted messages to {self.llm}, which "
                "is not on this machine; it is only allowed for a local model (local:<gguf>, "
                "or SAGO_LLM_BASE_URL on localhost)"
            )
        return self

    @property
    def company_name(self) -> str | None:
        """The company's own name (the first of SAGO_COMPANY_NAMES), for the update."""
        return self.company_names[0] if self.company_names else None

    @property
    def llm_is_local(self) -> bool:
        """Whether the model runs on this machine (then text never leaves it)."""
        if self.llm.startswith("local:"):
            return True
        if not self.llm_base_url:
            return False
        host = urlsplit(self.llm_base_url).hostname or ""
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003 - fixed signature
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        yaml_path = Path(os.environ.get("SAGO_CONFIG", "config.yaml"))
        yaml_source = YamlConfigSettingsSource(settings_cls, yaml_file=yaml_path)
        return (init_settings, env_settings, dotenv_settings, _SeedYaml(yaml_source))

    @property
    def messages_db(self) -> Path:
        return self.data_dir / "messages.sqlite3"

    @property
    def events_db(self) -> Path:
        return self.data_dir / "events.sqlite3"

    @property
    def llm_cache_db(self) -> Path:
        return self.llm_cache_path or self.data_dir / "llm_cache.sqlite3"

    def slack_bot_token(self) -> SecretStr | None:
        """SLACK_BOT_TOKEN / SAGO_SLACK_TOKEN, else the 0600 file SAGO_SLACK_TOKEN_FILE names."""
        if self.slack_token is not None:
            return self.slack_token
        if self.slack_token_file is None:
            return None
        return SecretStr(read_secret_file(self.slack_token_file, "SAGO_SLACK_TOKEN_FILE").strip())

    def provider_api_key(self, provider: str) -> SecretStr | None:
        """The LLM key: SAGO_LLM_API_KEY, else the provider's conventional variable."""
        if self.llm_api_key is not None:
            return self.llm_api_key
        names = {
            "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
            "openai": ("OPENAI_API_KEY",),
        }.get(provider, ())
        for name in names:
            if os.environ.get(name):
                return SecretStr(os.environ[name])
        return None


def read_secret_file(path: Path, setting: str) -> str:
    """A secret kept in a file only its owner can read (0600), as ssh insists for keys."""
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise ValueError(
                f"{setting}={path} is readable by others (mode {mode & 0o777:o}); "
                f"run chmod 600 {path}"
            )
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{setting}={path}: cannot read ({exc.strerror or exc})") from exc


class _SeedYaml(PydanticBaseSettingsSource):
    """config.yaml, flattened: the seed nests `application:` / `redis:` / `kafka:` sections."""

    def __init__(self, inner: YamlConfigSettingsSource) -> None:
        super().__init__(inner.settings_cls)
        self._inner = inner

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        data = self._inner()
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict) and key in {"application", "app", "redis", "kafka", "sago"}:
                for inner_key, inner_value in value.items():
                    name = str(inner_key)
                    flat[_SEED_KEYS.get(f"{key}.{name}", name)] = inner_value
            else:
                flat[key] = value
        return flat


_SEED_KEYS = {
    "redis.ttl": "redis_ttl",
    "redis.url": "redis_url",
    "redis.message_limit": "batch_size",
    "redis.poll_interval": "batch_max_wait",
    "kafka.bootstrap_servers": "kafka_bootstrap",
}
