"""`sago serve`: refuse an unsafe bind, connect the stores, run uvicorn."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn

from sago.config import Settings
from sago.web.app import create_app
from sago.web.deps import WebStores
from sago.web.security import InsecureBindError, check_bind


class ServeError(Exception):
    """Something the user can fix before the dashboard can start; the message says what."""


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    settings: Settings, *, host: str, port: int, announce: Callable[[str], object] = print
) -> None:
    """Serve the dashboard until interrupted."""
    token = settings.web_token.get_secret_value() if settings.web_token else None
    try:
        check_bind(host, token)
    except InsecureBindError as exc:
        raise ServeError(str(exc)) from None
    try:
        stores = WebStores.connect(settings)
    except (ConnectionError, ImportError) as exc:
        raise ServeError(str(exc)) from None
    try:
        app = create_app(settings, backends=stores)
        login = " (open it with ?token=<SAGO_WEB_TOKEN> once)" if token else ""
        announce(f"dashboard of {settings.company_id} on {_url(host, port)}{login}; Ctrl+C stops")
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
            # The token may arrive as ?token=; access logs would keep it.
            access_log=False,
        )
    finally:
        stores.close()
