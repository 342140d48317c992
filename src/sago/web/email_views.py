"""The investor email: draft for a period, read with its citations, edit, approve, export.

Every page and form names its company (the scope's); marks in the preview link to the
message page with the cited quote marked, as do the footnotes of an `.eml` downloaded
from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from sago import bootstrap
from sago.domain.email import InvestorEmail
from sago.domain.period import Period, chosen_period, default_period
from sago.email.html import MarkLink, as_eml, body_html
from sago.web.deps import WebContext, context, message_url, scoped
from sago.web.scope import Scope, known_company, scope_of
from sago.web.security import check_csrf
from sago.web.views import page

router = APIRouter()
MAX_BODY_CHARS = 100_000


def _latest(ctx: WebContext, company: str, approved: bool | None = None) -> InvestorEmail | None:
    return ctx.stores.emailstore.latest(company, approved=approved)


def mark_links(scope: Scope | None, base: str = "") -> MarkLink:
    """A mark's target: the message page of its first source, the quote marked."""

    def link(email: InvestorEmail, mark: int) -> str | None:
        note = email.footnote(mark)
        if note is None or not note.sources:
            return None
        return base + scoped(message_url(note.sources[0].message_id, note.event_id), scope)

    return link


@router.get("/email", response_class=HTMLResponse)
def email_page(request: Request, saved: str = "") -> Response:
    ctx = context(request)
    scope = scope_of(request)
    email = _latest(ctx, scope.company)
    approved = _latest(ctx, scope.company, approved=True)
    suggested = scope.period or default_period(
        datetime.now(UTC).date(), approved.period_end if approved else None
    )
    # markdown-it escapes the text and raw HTML is off, so the fragment is safe as markup.
    rendered = body_html(email, mark_links(scope), styled=False) if email else None
    preview = Markup(rendered) if rendered is not None else None  # noqa: S704
    return page(
        request,
        "email.html",
        scope,
        email=email,
        approved=approved,
        saved=saved,
        preview=preview,
        suggested=suggested,
    )


def _one_line(subject: str) -> str:
    # A subject is a mail header: a line break in it would start a new header.
    return " ".join(subject.split())


def _back(request: Request, company: str, saved: str) -> str:
    keep = {} if company == context(request).company_id else {"company": company}
    return "/email?" + urlencode(keep | {"saved": saved})


@router.post("/email")
def save_email(
    request: Request,
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
    action: Annotated[Literal["save", "approve"], Form()] = "save",
    csrf_token: Annotated[str, Form()] = "",
    company: Annotated[str, Form()] = "",
) -> Response:
    """Store the edited email as a new version; "approve" marks that version approved."""
    check_csrf(request, csrf_token)
    ctx = context(request)
    company = known_company(request, company)
    subject = _one_line(subject)
    if not subject or len(subject) > 300:
        raise HTTPException(400, "the subject needs 1 to 300 characters")
    if len(body) > MAX_BODY_CHARS:
        raise HTTPException(400, f"the body is over {MAX_BODY_CHARS:,} characters")
    base = _latest(ctx, company) or InvestorEmail(company_id=company, subject=subject, body="")
    version = base.model_copy(
        update={
            "subject": subject,
            "body": body.replace("\r\n", "\n"),
            "approved": action == "approve",
            "created_at": datetime.now(UTC),
        }
    )
    ctx.stores.emailstore.save(InvestorEmail.model_validate(version.model_dump()))
    return RedirectResponse(
        _back(request, company, "approved" if version.approved else "draft"), 303
    )


def _draft_period(ctx: WebContext, company: str, period: str, since: str, until: str) -> Period:
    today = datetime.now(UTC).date()
    try:
        chosen = chosen_period(
            period or None,
            date.fromisoformat(since) if since else None,
            date.fromisoformat(until) if until else None,
            today=today,
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    if chosen is not None:
        return chosen
    approved = _latest(ctx, company, approved=True)
    return default_period(today, approved.period_end if approved else None)


@router.post("/email/draft")
def draft_email(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    company: Annotated[str, Form()] = "",
    period: Annotated[str, Form()] = "",
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
) -> Response:
    """Compose a fresh draft of a period (by default: since the last approved update, or
    the last full month) from the stored events."""
    check_csrf(request, csrf_token)
    ctx = context(request)
    company = known_company(request, company)
    chosen = _draft_period(ctx, company, period, since, until)
    drafted = bootstrap.update_writer(ctx.settings, ctx.stores).draft(company, chosen)
    ctx.stores.emailstore.save(drafted)
    return RedirectResponse(_back(request, company, "draft"), 303)


def _export_source(request: Request, approved: str) -> InvestorEmail:
    company = scope_of(request).company
    email = _latest(context(request), company, approved=True if approved else None)
    if email is None:
        raise HTTPException(404, "no approved email yet" if approved else "no email drafted yet")
    return email


def _download(content: bytes, filename: str, media_type: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/email.eml")
def export_eml(request: Request, approved: str = "") -> Response:
    email = _export_source(request, approved)
    links = mark_links(scope_of(request), str(request.base_url).rstrip("/"))
    return _download(as_eml(email, links), "investor-update.eml", "message/rfc822")


@router.get("/email.md")
def export_markdown(request: Request, approved: str = "") -> Response:
    email = _export_source(request, approved)
    return _download(
        email.as_markdown().encode(), "investor-update.md", "text/markdown; charset=utf-8"
    )
