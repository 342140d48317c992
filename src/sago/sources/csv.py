"""The seed's CSV: `id,is_chat,chat_sender,email_sender,timestamp,content`, read row by row."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from sago.domain.message import MAX_TEXT_CHARS, Message, Rejection
from sago.sources.base import MessageSource, Record, SourceError, invalid_field
from sago.sources.normalise import chat_message, cut_text, email_message, split_subject

COLUMNS = ("id", "is_chat", "chat_sender", "email_sender", "timestamp", "content")
_TRUE = {"true", "1", "yes", "t", "y"}
_FALSE = {"false", "0", "no", "f", "n"}
# What errors="surrogateescape" makes of bytes that are not UTF-8.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def parse_timestamp(value: str) -> datetime:
    """ISO 8601; a naive time is taken as UTC (the seed's CSV carries no zone)."""
    text = value.strip()
    if not text:
        raise RowError("timestamp", "is empty")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except ValueError:
        raise RowError("timestamp", f"{text[:40]!r} is not an ISO 8601 time") from None
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first UTC moment Python has
        raise RowError("timestamp", f"{text[:40]!r} is out of range in UTC") from None


def parse_is_chat(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise RowError("is_chat", f"{value[:20]!r} is neither True nor False")


class CsvSource(MessageSource):
    """Streams the seed's CSV. Rows that break a rule become Rejections naming row and field."""

    kind = "csv"

    def __init__(self, path: Path, company_id: str, max_chars: int = MAX_TEXT_CHARS) -> None:
        super().__init__(path, company_id)
        self.max_chars = max_chars

    def planned(self) -> int | None:
        """The file's CSV records (header excluded), counted with the csv module: about a
        tenth of the time reading them takes. None for an input that is not a plain file."""
        if not self.path.is_file():
            return None
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        try:
            with self.path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        except (OSError, csv.Error):
            return None  # the reader reports what is wrong with the file

    def read(self) -> Iterator[Record]:
        # Oversize fields are rejected by us, with a row number, not by the csv module.
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        try:
            handle = self.path.open(encoding="utf-8", errors="surrogateescape", newline="")
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot open ({exc.strerror or exc})") from exc
        with handle:
            reader = csv.reader(handle)
            header = self._header(reader)
            index = {name: header.index(name) for name in COLUMNS}
            start = reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield Rejection(file=str(self.path), position=f"row {start}", reason=str(exc))
                    start = reader.line_num + 1
                    continue
                position = f"row {start}"
                start = reader.line_num + 1
                whole = "".join(row)
                if not whole.strip():
                    continue
                yield from self._record(row, index, position, suspect=bool(_NOT_UTF8.search(whole)))

    def _header(self, reader: Iterator[list[str]]) -> list[str]:
        try:
            header = [cell.strip().lstrip("\ufeff").lower() for cell in next(reader)]
        except StopIteration:
            raise SourceError(f"{self.path}: the file is empty (expected a CSV header)") from None
        except csv.Error as exc:
            raise SourceError(f"{self.path}: unreadable CSV header ({exc})") from exc
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise SourceError(
                f"{self.path}: header lacks column(s) {', '.join(missing)}; "
                f"expected {','.join(COLUMNS)}"
            )
        return header

    def _record(
        self, row: list[str], index: dict[str, int], position: str, *, suspect: bool
    ) -> Iterator[Record]:
        cells = {name: row[i] if i < len(row) else "" for name, i in index.items()}
        field: str | None
        try:
            # The row as a whole was searched once; only a hit looks for the column.
            for name in COLUMNS if suspect else ():
                if _NOT_UTF8.search(cells[name]):
                    raise RowError(name, "holds bytes that are not valid UTF-8")
            message = self._message(cells.__getitem__)
            if message.truncated:
                yield self.warning(
                    position,
                    f"content over the {self.max_chars:,}-character limit; stored truncated",
                )
            yield message
            return
        except RowError as exc:
            field, reason = exc.field, exc.reason
        except ValidationError as exc:
            field, reason = invalid_field(exc)
        excerpt = ",".join(row)[:200].encode("utf-8", "replace").decode()
        yield Rejection(
            file=str(self.path), position=position, field=field, reason=reason, excerpt=excerpt
        )

    def _message(self, get: Callable[[str], str]) -> Message:
        native_id = get("id").strip()
        if not native_id:
            raise RowError("id", "is missing")
        is_chat = parse_is_chat(get("is_chat"))
        moment = parse_timestamp(get("timestamp"))
        content, cut = cut_text(get("content"), self.max_chars)
        if is_chat:
            sender = get("chat_sender").strip() or "unknown"
            return chat_message(
                native_id=native_id,
                company_id=self.company_id,
                sender=sender,
                text=content,
                moment=moment,
                truncated=cut,
            )
        sender = get("email_sender").strip() or "unknown"
        subject, body = split_subject(content)
        return email_message(
            native_id=native_id,
            company_id=self.company_id,
            sender=sender,
            subject=subject,
            body=body,
            moment=moment,
            truncated=cut,
        )
