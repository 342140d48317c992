"""The HTML email: multipart with the plain text, parses, renders the table, links marks."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser

from sago.domain.email import InvestorEmail
from sago.email.html import as_eml, as_html, body_html
from sago.email.template import TemplateComposer
from support.factories import event, facts


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _email() -> InvestorEmail:
    from sago.domain.event import EventType, Metric

    arr = event(
        "arr",
        event_type=EventType.REVENUE_MILESTONE,
        sources=("2",),
        title="ARR reached $2M <script>alert(1)</script>",
        metrics=(Metric(name="arr_usd", value=2e6, unit="USD"),),
    )
    return TemplateComposer().compose(facts([event("seed"), arr]))


def _parse(html: str) -> Tags:
    parsed = Tags()
    parsed.feed(html)
    parsed.close()
    return parsed


def test_the_eml_is_multipart_plain_and_html() -> None:
    email = _email()
    parsed = BytesParser(policy=policy.default).parsebytes(as_eml(email))
    assert parsed.get_content_type() == "multipart/alternative"
    plain = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content().replace("\r\n", "\n").strip() == email.body.strip()
    assert "<table" in html.get_content()
    assert parsed["Subject"] == email.subject
    assert parsed["X-Sago-Period"] == "June 2025"


def test_the_html_renders_the_table_inline_styled_and_escaped() -> None:
    page = _parse(as_html(_email()))
    names = [t for t, _ in page.tags]
    assert {"table", "th", "td", "ul", "li", "h2"} <= set(names)
    assert "script" not in names  # message text stays text
    assert any("<script>alert(1)</script>" in t for t in page.text)
    assert "style" not in names  # no style sheet: mail clients drop them
    for tag, attrs in page.tags:
        if tag in {"table", "td", "th", "h2", "li", "a"}:
            assert attrs.get("style"), tag


def test_marks_link_to_footnotes_or_to_the_served_message_page() -> None:
    email = _email()
    local = _parse(body_html(email))
    links = [a["href"] for t, a in local.tags if t == "a"]
    assert "#fn-1" in links
    assert "#fn-2" in links
    targets = {a.get("id") for t, a in local.tags if t == "li"}
    assert {"fn-1", "fn-2"} <= targets

    def served(mail: InvestorEmail, mark: int) -> str:
        note = mail.footnote(mark)
        assert note is not None
        return f"https://sago.example/message?id={note.sources[0].message_id}&event={note.event_id}"

    links = [a["href"] for t, a in _parse(body_html(email, served)).tags if t == "a"]
    assert f"https://sago.example/message?id=1&event={email.footnotes[0].event_id}" in links


def test_an_edited_body_with_a_link_cannot_smuggle_a_script_url() -> None:
    email = _email().model_copy(update={"body": "[click](javascript:alert(1)) <b>x</b>"})
    page = _parse(body_html(email))
    assert all(not (a.get("href") or "").startswith("javascript") for _, a in page.tags)
    assert "b" not in [t for t, _ in page.tags]
