"""What the routes share: the connected stores, the templates and URL helpers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates

from sago import bootstrap
from sago.config import Settings
from sago.domain.presentation import compact, format_figure, metric_name
from sago.email.base import EmailComposer
from sago.emailstore.base import EmailStore
from sago.eventstore.base import EventStore
from sago.rawstore.base import RawStore
from sago.redact.base import Redactor
from sago.runlog.base import RunLog
from sago.web.highlight import highlight

HERE = Path(__file__).parent


class Backends(Protocol):
    """What the dashboard reads and writes; `bootstrap.Components` fits as well."""

    @property
    def rawstore(self) -> RawStore: ...

    @property
    def eventstore(self) -> EventStore: ...

    @property
    def emailstore(self) -> EmailStore: ...

    @property
    def runlog(self) -> RunLog: ...

    @property
    def composer(self) -> EmailComposer: ...

    @property
    def redactor(self) -> Redactor: ...


@dataclass
class WebStores:
    """The dashboard's own connections: reading needs no queue, batcher or extractor."""

    rawstore: RawStore
    eventstore: EventStore
    emailstore: EmailStore
    runlog: RunLog
    composer: EmailComposer
    redactor: Redactor

    @classmethod
    def connect(cls, settings: Settings) -> WebStores:
        rawstore = bootstrap.build_rawstore(settings)
        try:
            stores = bootstrap.build_stores(settings)
        except BaseException:
            rawstore.close()
            raise
        return cls(
            rawstore,
            stores.eventstore,
            stores.emailstore,
            stores.runlog,
            bootstrap.build_composer(settings),
            bootstrap.build_redactor(settings),
        )

    def close(self) -> None:
        for store in (self.eventstore, self.emailstore, self.runlog, self.rawstore):
            store.close()


@dataclass
class WebContext:
    """Per-app state the routes read through `context(request)`."""

    settings: Settings
    backends: Backends | None = None

    @property
    def stores(self) -> Backends:
        if self.backends is None:
            raise RuntimeError("the dashboard's stores are not connected (app not started)")
        return self.backends

    @property
    def company_id(self) -> str:
        return self.settings.company_id


def context(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.sago
    return ctx


def templates(request: Request) -> Jinja2Templates:
    found: Jinja2Templates = request.app.state.templates
    return found


def message_url(message_id: str, event_id: str | None = None) -> str:
    query = {"id": message_id} | ({"event": event_id} if event_id else {})
    return "/message?" + urlencode(query)


def event_url(event_id: str) -> str:
    # Ids come from the store; quoting keeps any of them a relative path, never a scheme.
    return "/events/" + quote(event_id, safe="")


def scoped(url: str, scope: Any) -> str:
    """`url` with the page's company and period kept (a `Scope`, or None)."""
    query = scope.query() if scope is not None else ""
    if not query:
        return url
    return url + ("&" if "?" in url else "?") + query[1:]


def build_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every page renders untrusted message text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        message_url=message_url, event_url=event_url, highlight=highlight, scoped=scoped
    )
    env.filters.update(
        compact=compact,
        metric=lambda value, unit: format_figure(value, unit, short=True),
        metric_name=metric_name,
    )
    return Jinja2Templates(env=env)
