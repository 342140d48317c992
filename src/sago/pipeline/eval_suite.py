"""Labelled sets side by side: the dev set next to fresh, never-tuned sets.

A labelled set is a folder in the dev set's format (`messages.csv`, `expected_events.json`
and optionally `traps.json`). The gap between the F1 on a set an extractor was tuned on
and the F1 on sets it never saw is its overfitting figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MESSAGES, EXPECTED, TRAPS = "messages.csv", "expected_events.json", "traps.json"


@dataclass(frozen=True)
class LabelledSet:
    """Where one labelled set's files are."""

    name: str
    messages: Path
    expected: Path
    traps: Path | None


def find_sets(path: Path) -> list[LabelledSet]:
    """The labelled sets at `path`: the folder itself if it holds `messages.csv`, else each
    sub-folder that does (sorted by name). An empty result is the caller's error."""
    folders = (
        [path] if (path / MESSAGES).is_file() else sorted(p for p in path.iterdir() if p.is_dir())
    )
    found = []
    for folder in folders:
        if (folder / MESSAGES).is_file() and (folder / EXPECTED).is_file():
            traps = folder / TRAPS
            name = folder.name if folder != path or path.name else str(path)
            found.append(
                LabelledSet(
                    name, folder / MESSAGES, folder / EXPECTED, traps if traps.is_file() else None
                )
            )
    return found
