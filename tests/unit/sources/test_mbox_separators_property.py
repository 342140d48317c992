"""Property: however bodies look, an mbox written by the rules of its variant reads back as
exactly the messages written (the separator/count invariant of issue 16), with no warning,
and every body line that begins with `From ` stays in its own message.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sago.domain.message import Message, Notice
from sago.sources.mbox import MboxSource

WORDS = st.sampled_from(["revenue", "Subject:", "Date:", "From:", "From", "ok", "-", "12:30"])
LINE = st.one_of(
    st.lists(WORDS, min_size=0, max_size=5).map(" ".join),
    st.lists(WORDS, min_size=1, max_size=4).map(lambda ws: "From " + " ".join(ws)),
    st.just("From - "),
    st.just("From someone Tue Jun  3 10:00:00 2008"),
    st.just(">From escaped already"),
)
BODY = st.lists(LINE, min_size=1, max_size=8)
VARIANT = st.sampled_from(["mboxrd", "mboxcl2", "netscape"])


def headers(n: int) -> bytes:
    return (
        b"From: Maya <maya@acme.example>\nSubject: msg %d\n"
        b"Date: Tue, 3 Jun 2008 10:00:00 +0000\nMessage-ID: <p%d@acme.example>\n" % (n, n)
    )


def escape(line: bytes) -> bytes:
    """mboxrd: a body line of `>*From ` gains one `>`."""
    stripped = line.lstrip(b">")
    return b">" + line if stripped.startswith(b"From ") else line


def write(variant: str, bodies: list[list[str]]) -> bytes:
    out = b""
    for n, body in enumerate(bodies):
        lines = [line.encode() + b"\n" for line in body]
        if variant == "mboxcl2":
            text = b"".join(lines)
            out += b"From maya@acme.example Tue Jun  3 10:00:00 2008\n" + headers(n)
            out += b"Content-Length: %d\n\n" % len(text) + text + b"\n"
        elif variant == "netscape":  # dateless separator right after the body, no blank line
            out += b"From - \nX-Mozilla-Status: 0001\n" + headers(n) + b"\n"
            out += b"".join(escape(line) for line in lines)
        else:
            out += b"From maya@acme.example Tue Jun  3 10:00:00 2008\n" + headers(n) + b"\n"
            out += b"".join(escape(line) for line in lines) + b"\n"
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VARIANT, st.lists(BODY, min_size=1, max_size=6))
def test_every_message_written_is_read_back(variant: str, bodies: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "p.mbox"
        path.write_bytes(write(variant, bodies))
        records = list(MboxSource(path, "acme").read())
    found = [r for r in records if isinstance(r, Message)]
    assert [m.subject for m in found] == [f"msg {n}" for n in range(len(bodies))], records
    assert not [r for r in records if isinstance(r, Notice)], records
    for message, body in zip(found, bodies, strict=True):
        for line in body:
            if line.startswith("From ") and line.strip():
                assert line.strip() in message.text.split("\n"), (variant, line, message.text)
