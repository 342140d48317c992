"""The investor email: read, edit, approve, and export as .eml or Markdown."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sago.domain.email import InvestorEmail
from sago.domain.period import Period, chosen_period, default_period
from sago.email.html import MarkLink, as_eml
from sago.pipeline.update import draft_update
from sago.web.deps import WebContext, context, message_url, templates
from sago.web.security import check_csrf

router = APIRouter()
MAX_BODY_CHARS = 100_000


def _latest(ctx: WebContext, approved: bool | None = None) -> InvestorEmail | None:
    return ctx.stores.eventstore.latest_email(ctx.company_id, approved=approved)


@router.get("/email", response_class=HTMLResponse)
def email_page(request: Request, saved: str = "") -> Response:
    ctx = context(request)
    return templates(request).TemplateResponse(
        request,
        "email.html",
        {
            "email": _latest(ctx),
            "approved": _latest(ctx, approved=True),
            "saved": saved,
            "company": ctx.company_id,
        },
    )


def _one_line(subject: str) -> str:
    # A subject is a mail header: a line break in it would start a new header.
    return " ".join(subject.split())


@router.post("/email")
def save_email(
    request: Request,
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
    action: Annotated[Literal["save", "approve"], Form()] = "save",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Store the edited email as a new version; "approve" marks that version approved."""
    check_csrf(request, csrf_token)
    ctx = context(request)
    subject = _one_line(subject)
    if not subject or len(subject) > 300:
        raise HTTPException(400, "the subject needs 1 to 300 characters")
    if len(body) > MAX_BODY_CHARS:
        raise HTTPException(400, f"the body is over {MAX_BODY_CHARS:,} characters")
    base = _latest(ctx) or InvestorEmail(company_id=ctx.company_id, subject=subject, body="")
    version = base.model_copy(
        update={
            "subject": subject,
            "body": body.replace("\r\n", "\n"),
            "approved": action == "approve",
            "created_at": datetime.now(UTC),
        }
    )
    ctx.stores.eventstore.save_email(InvestorEmail.model_validate(version.model_dump()))
    return RedirectResponse(f"/email?saved={'approved' if version.approved else 'draft'}", 303)


def _draft_period(ctx: WebContext, period: str, since: str, until: str) -> Period:
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
    approved = _latest(ctx, approved=True)
    return default_period(today, approved.period_end if approved else None)


@router.post("/email/draft")
def draft_email(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    period: Annotated[str, Form()] = "",
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
) -> Response:
    """Compose a fresh draft of a period (by default: since the last approved update, or
    the last full month) from the stored events."""
    check_csrf(request, csrf_token)
    ctx = context(request)
    stores = ctx.stores
    drafted = draft_update(
        eventstore=stores.eventstore,
        rawstore=stores.rawstore,
        composer=stores.composer,
        redactor=stores.redactor,
        company_id=ctx.company_id,
        company_name=ctx.settings.company_names[0] if ctx.settings.company_names else None,
        period=_draft_period(ctx, period, since, until),
    )
    stores.eventstore.save_email(drafted)
    return RedirectResponse("/email?saved=draft", 303)


def _export_source(ctx: WebContext, approved: str) -> InvestorEmail:
    email = _latest(ctx, approved=True if approved else None)
    if email is None:
        raise HTTPException(404, "no approved email yet" if approved else "no email drafted yet")
    return email


def served_links(request: Request) -> MarkLink:
    """Marks of a served email link to the dashboard's message page, quote marked."""
    base = str(request.base_url).rstrip("/")

    def link(email: InvestorEmail, mark: int) -> str | None:
        note = email.footnote(mark)
        if note is None or not note.sources:
            return None
        return base + message_url(note.sources[0].message_id, note.event_id)

    return link


def _download(content: bytes, filename: str, media_type: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/email.eml")
def export_eml(request: Request, approved: str = "") -> Response:
    email = _export_source(context(request), approved)
    return _download(as_eml(email, served_links(request)), "investor-update.eml", "message/rfc822")


@router.get("/email.md")
def export_markdown(request: Request, approved: str = "") -> Response:
    email = _export_source(context(request), approved)
    return _download(
        email.as_markdown().encode(), "investor-update.md", "text/markdown; charset=utf-8"
    )
