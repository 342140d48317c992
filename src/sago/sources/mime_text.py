"""Text helpers shared by the email importers: charset fallback, HTML → text, reply trimming.

Pure functions over str/bytes; nothing here knows about files or Messages.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

# Labels seen on real mail whose Python codec is missing or narrower than what senders mean.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}
# Single-byte Western labels are the ones most often wrong: mailers stamp them on UTF-8 text
# and on Windows "smart quotes" alike (WHATWG maps latin-1 and ascii to windows-1252 too).
_WESTERN = {"", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}


def charset_label(declared: str | None) -> str:
    """A declared charset as a lower-case label without quotes or stray whitespace."""
    return (declared or "").strip().strip("\"'").strip().lower()


def _utf8(data: bytes) -> str | None:
    """UTF-8 if the bytes are UTF-8, allowing a few broken sequences (truncated headers)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ch > "\x7f") - broken
    return lenient if multibyte >= 2 * broken else None


def decode_text(data: bytes, declared: str | None) -> str:
    """Decode mail bytes, trusting the declared charset only as far as the bytes agree."""
    label = _CHARSET_ALIASES.get(charset_label(declared), charset_label(declared))
    # iso-2022-* and utf-7 are 7-bit: ASCII bytes alone do not make ASCII text.
    if data.isascii() and b"\x1b" not in data and not label.startswith(("utf-7", "hz")):
        return data.decode("ascii")
    if label in _WESTERN or label in {"unknown-8bit", "x-unknown", "8bit", "default"}:
        return _utf8(data) or data.decode("cp1252", errors="replace")
    try:
        codec: str | None = codecs.lookup(label).name
    except LookupError:
        codec = None
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return _utf8(data) or data.decode(codec or "cp1252", errors="replace")


_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "dl", "dt", "dd", "section", "article", "header", "footer",
    "address", "center",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript", "svg"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col"}


class _HtmlText(HTMLParser):
    """Collects visible text; quoted replies (blockquote cite, Gmail's quote div) are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag not in _VOID_TAGS:
                self._skip.append(tag)
            return
        found = dict(attrs)
        classes = (found.get("class") or "").lower()
        quoted = (tag == "blockquote" and (found.get("type") or "").lower() == "cite") or (
            "gmail_quote" in classes or "yahoo_quoted" in classes
        )
        if tag in _SKIP_TAGS or quoted:
            self._skip.append(tag)
            return
        if tag == "pre":
            self._pre += 1
        if tag == "li":
            self.chunks.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        elif tag in {"td", "th"}:
            self.chunks.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                # Unbalanced HTML is the norm in mail: close up to the matching open tag.
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCK_TAGS and tag != "li":  # the next <li> starts its own line
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.chunks.append(data if self._pre else re.sub(r"[ \t\r\n\f\u00a0]+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML mail body, one line per block element."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (line.strip(" ") for line in "".join(parser.chunks).split("\n"))
    return tidy("\n".join(lines))


_HTML_SNIFF = re.compile(r"<(?:!doctype|html|head|body|div|p|br|table|span|meta)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for HTML mislabelled as text/plain (Gmail does this on some alternatives)."""
    head = text.lstrip()[:2000]
    return head.startswith("<") and len(_HTML_SNIFF.findall(head)) >= 2


def enriched_to_text(text: str) -> str:
    """RFC 1896 text/enriched: drop the formatting commands, keep the words."""
    text = re.sub(r"<param>.*?</param>", "", text, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"</?[A-Za-z0-9-]+>", "", text).replace("<<", "<")
    # In enriched text a single newline is a space; n newlines make n-1 line breaks.
    return tidy(re.sub(r"\n(\n*)", lambda m: m.group(1) or " ", text))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tidy(text: str) -> str:
    """Unix newlines, no control characters or trailing spaces, at most one blank line."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " "))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


_WROTE = r"(?:wrote|writes|schrieb|a écrit|escribió|ha scritto|skrev|napisał|escreveu|schreef)"
_ATTRIBUTION = re.compile(r"^\s*(?:On|Le|Am|El|Il|Den|Em|Op|W dniu)\b.*" + _WROTE + r"\s*:\s*$")
_ATTRIBUTION_START = re.compile(r"^\s*(?:On|Le|Am|El|Il|Den|Em|Op|W dniu)\s.*\d")
_ATTRIBUTION_END = re.compile(r".*" + _WROTE + r"\s*:\s*$")
# Some phone clients flatten a reply into one line; the marker can sit mid-line.
_ORIGINAL = re.compile(r"-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE)
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_LIST_RULE = re.compile(r"^-{20,}\s*$")


def trim_reply(text: str) -> str:
    """The new part of a mail: quoted lines, "On … wrote:", signature and list footer removed.

    Falls back to the whole text when trimming would leave nothing (a bare forward).
    """
    lines = tidy(text).split("\n")
    kept: list[str] = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        after = lines[i + 1] if i + 1 < len(lines) else ""
        original = _ORIGINAL.search(line)
        if original:
            kept.append(line[: original.start()])
            break
        if line in {"-- ", "--"}:
            break
        if _OUTLOOK_RULE.match(line) and re.match(r"^\s*\*?(From|Von|De|Da):", after):
            break
        if _LIST_RULE.match(line) and "unsubscribe" in " ".join(lines[i + 1 : i + 3]).lower():
            break
        if line.lstrip().startswith(">") or _ATTRIBUTION.match(line):
            continue
        following = next((ln for ln in lines[i + 1 : i + 3] if ln.strip()), "")
        if _ATTRIBUTION_END.match(line) and following.lstrip().startswith(">"):
            continue
        if _ATTRIBUTION_START.match(line) and _ATTRIBUTION_END.match(after):
            skip_next = True
            continue
        kept.append(line)
    trimmed = tidy("\n".join(kept))
    return trimmed if trimmed.strip() else tidy(text)
