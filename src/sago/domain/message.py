"""The normalised message every source produces and every store keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

MAX_TEXT_CHARS = 100_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# The company id of a user who never set one: it names no real company.
DEFAULT_COMPANY_ID = "default"
# The text fields a NUL is stripped from.
_NUL_FREE = ("text", "subject", "sender", "channel", "thread_id")


class Source(StrEnum):
    """Where a message came from; also picks its Kafka topic and raw-store table."""

    SLACK = "slack"
    GMAIL = "gmail"


class MessageStatus(StrEnum):
    """Stored is not done: a message is only finished once it has been extracted."""

    STORED = "stored"
    BATCHED = "batched"
    EXTRACTED = "extracted"
    DEAD_LETTERED = "dead_lettered"


class Message(BaseModel):
    """One chat message or email, with its original API-shaped payload in `raw`."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=512)
    company_id: str = Field(min_length=1, max_length=128)
    source: Source
    channel: str | None = None
    thread_id: str | None = None
    sender: str = ""
    timestamp: AwareDatetime
    text: str = Field(max_length=MAX_TEXT_CHARS)
    subject: str | None = None
    raw: dict[str, Any] = Field(default_factory=dict)
    # A source that sees a message change (a Slack edit or delete, a re-import) says so:
    # the newest version wins and the message is extracted again ("Events that evolve").
    edited_at: AwareDatetime | None = None
    deleted: bool = False
    # The text was cut at the size limit; the rest was not stored.
    truncated: bool = False
    # What a source noticed about the record, for people ({"date": "suspect: …"}).
    notes: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _normalised(self) -> Message:
        # One call per message, not a validator per field: seven Python calls a message
        # were a fifth of decoding a Kafka record. The model is frozen, so the rare fix
        # goes straight into the instance's fields.
        fields = self.__dict__
        for name in ("timestamp", "edited_at"):
            value = fields[name]
            if value is not None and value.tzinfo is not UTC:
                fields[name] = value.astimezone(UTC)
        for name in _NUL_FREE:
            value = fields[name]
            # NUL never carries meaning in a message, and PostgreSQL refuses it in text and JSONB.
            if value and "\x00" in value:
                fields[name] = value.replace("\x00", "")
        return self

    @property
    def version(self) -> int:
        """Orders the versions of one message id: 0 as first written, then by the time of
        the edit (or delete), a delete after an edit of the same moment. Sources report a
        change through `edited_at`/`deleted`; the same id with other text and neither is
        the same version (an id promises the same message)."""
        if self.edited_at is None and not self.deleted:
            return 0
        moment = self.edited_at or self.timestamp
        micros = (moment - _EPOCH) // timedelta(microseconds=1)
        return micros * 2 + int(self.deleted)

    @property
    def said_at(self) -> datetime:
        """When the current text was written: the edit's time for an edited message."""
        return self.edited_at or self.timestamp

    @property
    def is_chat(self) -> bool:
        return self.source is Source.SLACK

    def for_prompt(self) -> str:
        """The message as one block of text, as extractors read it."""
        head = f"[{self.id}] {self.timestamp:%Y-%m-%d %H:%M} {self.source.value} from {self.sender}"
        if self.subject:
            head += f" subject: {self.subject}"
        return f"{head}\n{self.text}"


class Notice(BaseModel):
    """What a source reports that is not broken input: a record skipped on purpose
    (`skipped`, e.g. a Slack channel join with no text) or a `warning` (text cut at the size
    limit, a separator count that does not match the messages read). Neither fails a run.
    """

    model_config = ConfigDict(frozen=True)

    file: str
    position: str
    kind: Literal["skipped", "warning"]
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.position}: {self.reason}"


class Rejection(BaseModel):
    """A record that could not become a Message: where it was, which field, and why."""

    model_config = ConfigDict(frozen=True)

    file: str
    position: str
    reason: str
    field: str | None = None
    excerpt: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.position}"
        what = f" field {self.field!r}:" if self.field else ""
        return f"{where}:{what} {self.reason}"
