"""Pick the reader for a path by looking at it (`sago run PATH` needs no --format)."""

from __future__ import annotations

from pathlib import Path

from sago.domain.message import MAX_TEXT_CHARS
from sago.sources.base import MessageSource, SourceError


def open_source(path: Path, company_id: str, max_chars: int = MAX_TEXT_CHARS) -> MessageSource:
    """The reader for `path`; a one-line SourceError when it is missing or unknown."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if path.is_file() and path.suffix.lower() in {".csv", ".tsv"}:
        from sago.sources.csv import CsvSource

        return CsvSource(path, company_id, max_chars=max_chars)
    raise SourceError(f"{path}: unknown input format (expected the seed's .csv)")
