"""The update as an HTML email: rendered from its Markdown body, styled inline (mail
clients drop style sheets), footnote marks as links, sent as multipart with the plain text.

The body is Markdown with raw HTML disabled, so message text a founder left in it renders
as text; markdown-it refuses `javascript:` and similar link targets. Marks ([1]) link to
the dashboard's message page when the dashboard serves the email (`link`), else to the
footnote at the end of the email.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sago.domain.email import InvestorEmail

# A mark's target: the dashboard page of its first source message, or None (in-email).
MarkLink = Callable[[InvestorEmail, int], str | None]

FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
STYLES = {
    "h2": "font-size:17px;margin:22px 0 8px;color:#1d2330;",
    "p": "margin:0 0 12px;",
    "ul": "margin:0 0 12px;padding-left:22px;",
    "li": "margin:0 0 6px;",
    "table": "border-collapse:collapse;margin:0 0 14px;font-size:14px;",
    "th": "border-bottom:2px solid #d5d9e0;padding:6px 10px;text-align:left;",
    "td": "border-bottom:1px solid #e3e6eb;padding:6px 10px;",
    "hr": "border:0;border-top:1px solid #e3e6eb;margin:22px 0;",
    "a": "color:#2f6fdf;text-decoration:none;",
    "em": "color:#8a5a00;",
}
BODY_STYLE = f"{FONT}font-size:15px;line-height:1.5;color:#1d2330;max-width:640px;"
_MARK = re.compile(r"\[(\d{1,3})\]")


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _link(href: str, label: str, styled: bool) -> list[Token]:
    attrs: dict[str, str | int | float] = {"href": href}
    if styled:
        attrs["style"] = STYLES["a"]
    opening = Token("link_open", "a", 1, attrs=attrs)
    text = Token("text", "", 0, content=label)
    return [opening, text, Token("link_close", "a", -1)]


def _marked(children: list[Token], target: Callable[[int], str], styled: bool) -> list[Token]:
    out: list[Token] = []
    for child in children:
        if child.type != "text" or not _MARK.search(child.content):
            out.append(child)
            continue
        cursor = 0
        for match in _MARK.finditer(child.content):
            if match.start() > cursor:
                out.append(Token("text", "", 0, content=child.content[cursor : match.start()]))
            out += _link(target(int(match[1])), match[0], styled)
            cursor = match.end()
        if cursor < len(child.content):
            out.append(Token("text", "", 0, content=child.content[cursor:]))
    return out


def body_html(email: InvestorEmail, link: MarkLink | None = None, *, styled: bool = True) -> str:
    """The body as an HTML fragment with linked marks, and inline styles unless `styled`
    is off (the dashboard styles it from its own sheet: its CSP refuses inline styles)."""
    md = _markdown()
    tokens = md.parse(email.body)
    known = {f.mark for f in email.footnotes}

    def target(mark: int) -> str:
        found = link(email, mark) if link is not None and mark in known else None
        return found or f"#fn-{mark}"

    for index, token in enumerate(tokens):
        style = STYLES.get(token.tag)
        if not styled:
            token.attrs.pop("style", None)
        elif style and token.nesting >= 0:
            token.attrSet("style", style + str(token.attrGet("style") or ""))
        if token.type == "list_item_open":
            # A footnote item ("[3] Closed the round: …") is the target of mark 3.
            inline = next((t for t in tokens[index:] if t.type == "inline"), None)
            found = _MARK.match(inline.content) if inline is not None else None
            if found:
                token.attrSet("id", f"fn-{found[1]}")
        if token.type == "inline" and token.children:
            token.children = _marked(token.children, target, styled)
    return str(md.renderer.render(tokens, md.options, {}))


def as_html(email: InvestorEmail, link: MarkLink | None = None) -> str:
    """A whole HTML document, as the email's HTML part."""
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(email.subject)}</title></head>\n"
        f'<body style="margin:0;padding:18px;background:#ffffff;">'
        f'<div style="{BODY_STYLE}">\n{body_html(email, link)}</div></body></html>\n'
    )


def as_eml(email: InvestorEmail, link: MarkLink | None = None) -> bytes:
    """The email as an RFC 5322 message a mail client opens as a draft: plain text (the
    Markdown) and HTML alternatives."""
    message = EmailMessage()
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at)
    # An explicit domain: make_msgid would otherwise look up this host's FQDN.
    message["Message-ID"] = make_msgid(domain="sago.invalid")
    message["X-Sago-Company"] = email.company_id
    message["X-Sago-Approved"] = "yes" if email.approved else "no"
    if email.period_label:
        message["X-Sago-Period"] = email.period_label
    message.set_content(email.body)
    message.add_alternative(as_html(email, link), subtype="html")
    return message.as_bytes()
