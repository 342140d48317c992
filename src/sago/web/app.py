"""The dashboard application factory.

`create_app()` wires nothing at import time: stores are connected when the server starts
(lifespan) unless the caller hands in already-connected ones, which it then owns.
Run it with `sago serve`, or `uvicorn --factory sago.web.app:create_app`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sago.config import Settings
from sago.web import email_views, ops_views, views
from sago.web.deps import HERE, Backends, WebContext, WebStores, build_templates
from sago.web.security import Guard, guard_middleware

if TYPE_CHECKING:
    from sago.web.slack_events import EventSink


def create_app(settings: Settings | None = None, *, backends: Backends | None = None) -> FastAPI:
    """The dashboard over the configured stores, or over `backends` (the caller closes those)."""
    settings = settings if settings is not None else Settings()
    ctx = WebContext(settings=settings, backends=backends)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = WebStores.connect(settings) if backends is None else None
        if owned is not None:
            ctx.backends = owned
        sink = slack_receiver(app, settings)
        try:
            yield
        finally:
            if sink is not None:
                sink.close()
            if owned is not None:
                owned.close()
                ctx.backends = None

    app = FastAPI(
        title="Sago",
        lifespan=lifespan,
        # The API docs pages load scripts from a CDN: unreachable here and barred by the CSP.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.sago = ctx
    app.state.templates = build_templates()
    token = settings.web_token.get_secret_value() if settings.web_token else None
    guard = Guard.create(token)
    app.state.guard = guard
    app.middleware("http")(guard_middleware(guard))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(views.router)
    app.include_router(email_views.router)
    app.include_router(ops_views.router)
    if settings.slack_signing_secret is not None:
        from sago.web import slack_events

        app.include_router(slack_events.router)
    return app


def slack_receiver(app: FastAPI, settings: Settings) -> EventSink | None:
    """The Events API receiver's verifier, names and pipeline; None unless it is on."""
    if settings.slack_signing_secret is None:
        return None
    from slack_sdk.signature import SignatureVerifier

    from sago.web.slack_events import EventSink, slack_names

    app.state.slack_verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value())
    app.state.slack_names = slack_names(settings)
    sink = EventSink(settings)
    app.state.slack_sink = sink
    return sink
