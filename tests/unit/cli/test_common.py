"""The CLI's stderr console: one message, one line."""

from __future__ import annotations

from sago.cli.common import err


def test_a_rejection_with_a_long_path_stays_one_line() -> None:
    # A worker's rejection names the file and row; pytest's tmp paths outgrow 80 columns.
    line = "rejected /" + "deep/" * 30 + "bad.csv:row 3: field 'is_chat': 'maybe' is not a bool"
    # capture(), not swapping err.file: a restored file would pin err to this test's stderr
    # and hide later commands' errors from CliRunner.
    with err.capture() as captured:
        err.print(line, highlight=False)
    assert err.width < len(line)
    assert captured.get() == line + "\n"
