"""The source port: stream Messages (and Rejections) out of one input."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from sago.domain.message import Message, Notice, Rejection

Record = Message | Rejection | Notice


class MessageSource(ABC):
    """Reads one input lazily. A bad record becomes a Rejection; the good ones keep flowing.

    A record left out on purpose, or kept with a caveat, is reported as a Notice.
    """

    kind: str = "unknown"

    def __init__(self, path: Path, company_id: str) -> None:
        self.path = path
        self.company_id = company_id
        self._handle: BinaryIO | None = None

    @abstractmethod
    def read(self) -> Iterator[Record]:
        """Yield each record in input order, never loading the whole input at once."""

    def planned(self) -> int | None:
        """How many records the input holds, when a reader can count them cheaply before
        reading (progress then shows a total and an ETA); None when it cannot."""
        return None

    def watch(self, handle: BinaryIO) -> BinaryIO:
        """Note the open input file, so `position` can say how far into it reading is."""
        self._handle = handle
        return handle

    def position(self) -> tuple[int, int] | None:
        """(bytes read, bytes in the file) of a watched input while it is read, else None."""
        handle = self._handle
        if handle is None or handle.closed:
            return None
        try:
            return handle.tell(), os.fstat(handle.fileno()).st_size
        except (OSError, ValueError):  # a pipe has no position or size
            return None

    def skipped(self, position: str, reason: str) -> Notice:
        return Notice(file=str(self.path), position=position, kind="skipped", reason=reason)

    def warning(self, position: str, reason: str) -> Notice:
        return Notice(file=str(self.path), position=position, kind="warning", reason=reason)


class SourceError(Exception):
    """The input as a whole cannot be read (missing, unreadable, unknown format)."""


def invalid_field(exc: ValidationError) -> tuple[str | None, str]:
    """The field a record broke a Message rule with, and the rule, for its Rejection.

    Readers check the limits they know of; this catches the rest (an id over the length
    limit, text that is not valid Unicode) so one odd record never stops an input.
    """
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or None
    return field, str(first["msg"])
