"""Where a model's quote sits in its message: character offsets, as LangExtract grounds.

A quote is aligned to the exact text when it matches it outright, or once both are folded:
Unicode-normalised (NFKC), typographic quotes and dashes made plain, case folded and runs
of whitespace made one space. The offsets always point into the original text, so
`text[start:end]` is what the message really says, and that slice replaces the model's
wording. A quote that does not match even folded (a paraphrase, an invention, two
fragments spliced with "...") has no alignment and is dropped by grounding.
"""

from __future__ import annotations

import unicodedata

_PLAIN = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2026": "...", "\u00a0": " ",
    }
)  # fmt: skip
_EDGE = " \t\n\r.,;:!?\"'()[]*_-"


def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).translate(_PLAIN).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    out: list[str] = []
    where: list[int] = []
    space = True  # leading whitespace is dropped
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if not folded or folded.isspace():
            if not space:
                out.append(" ")
                where.append(index)
                space = True
            continue
        for piece in folded:
            out.append(piece)
            where.append(index)
        space = False
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def align(quote: str, text: str) -> tuple[int, int] | None:
    """(start, end) of `quote` in `text`, exactly or folded; None when it is not there."""
    exact = quote.strip()
    if exact:
        found = text.find(exact)
        if found >= 0:
            return found, found + len(exact)
    folded_text, where = fold(text)
    for candidate in (quote, quote.strip(_EDGE)):
        needle, _ = fold(candidate)
        if not needle:
            continue
        found = folded_text.find(needle)
        if found >= 0:
            start = where[found]
            end = where[found + len(needle) - 1] + 1
            return start, end
    return None
