"""The CLI's stderr console: one message, one line."""

from __future__ import annotations

import io

from sago.cli.common import err


def test_a_rejection_with_a_long_path_stays_one_line() -> None:
    # A worker's rejection names the file and row; pytest's tmp paths outgrow 80 columns.
    line = "rejected /" + "deep/" * 30 + "bad.csv:row 3: field 'is_chat': 'maybe' is not a bool"
    buffer = io.StringIO()
    before = err.file
    err.file = buffer
    try:
        err.print(line, highlight=False)
    finally:
        err.file = before
    assert buffer.getvalue() == line + "\n"
