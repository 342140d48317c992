"""The investor email: read, edit, approve, and export as .eml or Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sago.domain.email import InvestorEmail
from sago.web.deps import WebContext, context, templates
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


@router.post("/email/draft")
def draft_email(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    """Compose a fresh draft from the stored events."""
    check_csrf(request, csrf_token)
    ctx = context(request)
    stores = ctx.stores
    drafted = stores.composer.compose(ctx.company_id, stores.eventstore.events(ctx.company_id))
    stores.eventstore.save_email(drafted)
    return RedirectResponse("/email?saved=draft", 303)


def _export_source(ctx: WebContext, approved: str) -> InvestorEmail:
    email = _latest(ctx, approved=True if approved else None)
    if email is None:
        raise HTTPException(404, "no approved email yet" if approved else "no email drafted yet")
    return email


def as_eml(email: InvestorEmail) -> bytes:
    """The email as an RFC 5322 message a mail client opens as a draft."""
    message = EmailMessage()
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at)
    # An explicit domain: make_msgid would otherwise look up this host's FQDN.
    message["Message-ID"] = make_msgid(domain="sago.invalid")
    message["X-Sago-Company"] = email.company_id
    message["X-Sago-Approved"] = "yes" if email.approved else "no"
    message.set_content(email.body)
    return message.as_bytes()


def _download(content: bytes, filename: str, media_type: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/email.eml")
def export_eml(request: Request, approved: str = "") -> Response:
    email = _export_source(context(request), approved)
    return _download(as_eml(email), "investor-update.eml", "message/rfc822")


@router.get("/email.md")
def export_markdown(request: Request, approved: str = "") -> Response:
    email = _export_source(context(request), approved)
    return _download(
        email.as_markdown().encode(), "investor-update.md", "text/markdown; charset=utf-8"
    )
