"""The raw store port: every message once, with its processing status."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from sago.domain.batch import DeadLetter
from sago.domain.message import Message, MessageStatus


class RawStore(ABC):
    """Keeps each message exactly once per (company, id) and tracks its status.

    Statuses only move forward (stored → batched → extracted / dead_lettered): storing a
    message again never resets it, so re-reading an input is harmless. A newer version
    of a message (`Message.version`: edited or deleted at the source) is the exception:
    it replaces the stored text, keeps the old one among the message's versions, and
    goes back to `stored`, so that it is extracted again.
    """

    @abstractmethod
    def store(
        self, messages: Sequence[Message], bodies: Sequence[str] | None = None
    ) -> dict[str, MessageStatus]:
        """Insert the messages not yet stored and newer versions of stored ones; return
        every given id's current status.

        `bodies`, when given, are the messages' JSON as `model_dump_json` writes it, one
        per message (a Kafka record's value that was just validated into that message):
        stored as they are instead of serialising each message a second time.
        """

    @abstractmethod
    def versions(self, company_id: str, message_id: str) -> list[Message]:
        """Every stored version of a message, oldest first (one while it never changed)."""

    @abstractmethod
    def get(self, company_id: str, ids: Sequence[str]) -> list[Message]:
        """The stored messages among `ids`, in the order given."""

    @abstractmethod
    def messages(
        self,
        company_id: str,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[Message]:
        """A company's messages in time order, optionally within [since, until)."""

    @abstractmethod
    def set_status(
        self,
        company_id: str,
        ids: Sequence[str],
        status: MessageStatus,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        """Move messages forward to `status` (never backward). With `versions` (id →
        `Message.version` the caller handled), a message whose stored version is another
        one is left alone: its newer text still has to be extracted."""

    @abstractmethod
    def statuses(self, company_id: str, ids: Sequence[str]) -> dict[str, MessageStatus]:
        """Current status of each stored id among `ids`."""

    @abstractmethod
    def unfinished(self, company_id: str | None = None) -> Iterator[Message]:
        """Messages stored or batched but not yet extracted (of one company or all):
        what a restart must re-batch."""

    @abstractmethod
    def count(self, company_id: str, status: MessageStatus | None = None) -> int:
        """How many messages a company has (optionally in one status)."""

    @abstractmethod
    def add_dead_letter(self, dead: DeadLetter) -> None:
        """Keep poison input aside with its reason."""

    @abstractmethod
    def dead_letters(self, company_id: str) -> list[DeadLetter]:
        """Everything dead-lettered for a company, oldest first."""

    @abstractmethod
    def flush(self) -> None:
        """Delete everything this store holds (the seed's flush_databases)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


def forward_only(current: MessageStatus | None, new: MessageStatus) -> bool:
    """Whether moving from `current` to `new` is allowed."""
    order = list(MessageStatus)
    if current is None:
        return True
    if current in (MessageStatus.EXTRACTED, MessageStatus.DEAD_LETTERED):
        return False
    return order.index(new) > order.index(current)
