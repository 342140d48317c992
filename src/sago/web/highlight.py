"""Untrusted text to safe HTML, with evidence quotes wrapped in <mark>.

Spans are found in the raw text and every piece is escaped on its own before the <mark>
tags are put around it, so a quote can never match inside an entity (`&lt;`) or smuggle
markup: the only tags in the output are the ones written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape


def _pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    # Extractors quote verbatim but may fold whitespace (line breaks, double spaces).
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Where the quotes occur in `text`, merged and sorted."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        pattern = _pattern(quote)
        if pattern is not None:
            spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, quotes: Iterable[str]) -> Markup:
    """`text` escaped, with each occurrence of a quote inside <mark>."""
    out: list[str] = []
    cursor = 0
    for start, end in quote_spans(text, quotes):
        out.append(str(escape(text[cursor:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))  # noqa: S704 - every piece above was escaped
