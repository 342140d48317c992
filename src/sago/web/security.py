"""Who may talk to the dashboard, and how a form proves it came from the dashboard.

- Bound to loopback with no token: anyone on this machine may read, but the Host header
  must name a loopback address too, so a web page that DNS-rebinds its own name to
  127.0.0.1 cannot read the dashboard through the victim's browser.
- With a token (`SAGO_WEB_TOKEN`): every request needs it, either as
  `Authorization: Bearer <token>` or as a session cookie obtained by visiting any page
  with `?token=<token>` once (or the login form). The cookie holds a random session id
  signed with a key derived from the token, never the token itself.
- Every state-changing request is a POST carrying a per-session CSRF token in a hidden
  form field, checked server-side; the session cookie is SameSite=Strict and HttpOnly.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.responses import Response

SESSION_COOKIE = "sago_session"
CSRF_FIELD = "csrf_token"
MIN_TOKEN_CHARS = 16
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}

# No script at all, styles only from our own static file, no framing, forms only to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class InsecureBindError(ValueError):
    """Serving on a non-loopback address without a (long enough) token."""


def is_loopback(host: str) -> bool:
    """Whether `host` (a bind address or a Host header's name) is this machine only."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to expose the dashboard beyond loopback without a token."""
    if is_loopback(host):
        return
    if not token:
        raise InsecureBindError(
            f"refusing to serve on {host}: it is reachable from other machines and "
            "SAGO_WEB_TOKEN is not set; set it (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'`) or bind 127.0.0.1"
        )
    if len(token) < MIN_TOKEN_CHARS:
        raise InsecureBindError(
            f"refusing to serve on {host}: SAGO_WEB_TOKEN has {len(token)} characters; "
            f"use at least {MIN_TOKEN_CHARS} random ones"
        )


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):  # [::1]:8000
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


@dataclass(frozen=True)
class Guard:
    """Signs sessions, derives CSRF tokens and checks the access token."""

    token: str | None
    key: bytes

    @classmethod
    def create(cls, token: str | None) -> Guard:
        if token:
            # Sessions survive a restart with the same token and die when it changes.
            key = hashlib.sha256(b"sago-web-session\x00" + token.encode()).digest()
        else:
            key = secrets.token_bytes(32)
        return cls(token=token or None, key=key)

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()

    def new_session(self) -> tuple[str, str]:
        """A fresh session id and its cookie value."""
        sid = secrets.token_urlsafe(18)
        return sid, f"{sid}.{self._sign('session', sid)}"

    def session_of(self, cookie: str | None) -> str | None:
        if not cookie or "." not in cookie:
            return None
        sid, _, signature = cookie.partition(".")
        expected = self._sign("session", sid)
        return sid if hmac.compare_digest(signature.encode(), expected.encode()) else None

    def csrf_for(self, sid: str) -> str:
        return self._sign("csrf", sid)

    def token_ok(self, given: str | None) -> bool:
        if self.token is None or not given:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def bearer_ok(self, request: Request) -> bool:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self.token_ok(value.strip())


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def _unauthorized(request: Request) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="sago"'}
    if "text/html" in request.headers.get("accept", ""):
        page = (
            "<!doctype html><html><head><meta charset=utf-8><title>Sago: sign in</title>"
            '<link rel="stylesheet" href="/static/style.css"></head><body><main>'
            "<h1>Sign in</h1><p>This dashboard needs its access token (SAGO_WEB_TOKEN).</p>"
            '<form method="post" action="/login"><label>Token <input type="password" '
            'name="token" autocomplete="current-password" required></label> '
            '<button type="submit">Sign in</button></form></main></body></html>'
        )
        return HTMLResponse(page, status_code=status.HTTP_401_UNAUTHORIZED, headers=headers)
    return JSONResponse({"detail": "token required"}, status_code=401, headers=headers)


def _without_token(request: Request) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


Handler = Callable[[Request], Awaitable[Response]]


def guard_middleware(guard: Guard) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The HTTP middleware: host check, authentication, session cookie, security headers."""

    async def middleware(request: Request, call_next: Handler) -> Response:
        response = await _guarded(guard, request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware


# Routes that authenticate each request themselves (Slack signs its Events API calls):
# no dashboard token or session applies to them.
SELF_AUTHENTICATED = frozenset({"/slack/events"})


async def _guarded(guard: Guard, request: Request, call_next: Handler) -> Response:
    if guard.token is None and not is_loopback(_host_name(request.headers.get("host", ""))):
        return JSONResponse({"detail": "unexpected Host header"}, status_code=400)
    if request.url.path in SELF_AUTHENTICATED:
        return await call_next(request)
    sid = guard.session_of(request.cookies.get(SESSION_COOKIE))
    new_cookie: str | None = None
    if guard.token is not None:
        given = request.query_params.get("token")
        if "authorization" in request.headers:
            # Credentials that are presented must be right, whatever cookie comes with them.
            if not guard.bearer_ok(request):
                return _unauthorized(request)
        elif given is not None and request.method in {"GET", "HEAD"}:
            if not guard.token_ok(given):
                return _unauthorized(request)
            # Drop the token from the address bar (history, logs, Referer) once it is a cookie.
            _, cookie = guard.new_session()
            redirect = RedirectResponse(_without_token(request), status_code=303)
            set_session_cookie(request, redirect, cookie)
            return redirect
        elif sid is None and not (request.url.path == "/login" and request.method == "POST"):
            return _unauthorized(request)
    if sid is None:
        sid, new_cookie = guard.new_session()
    request.state.session_id = sid
    request.state.csrf_token = guard.csrf_for(sid)
    response = await call_next(request)
    already = any(
        v.startswith(f"{SESSION_COOKIE}=") for v in response.headers.getlist("set-cookie")
    )
    if new_cookie is not None and not already:
        set_session_cookie(request, response, new_cookie)
    return response


def check_csrf(request: Request, submitted: str) -> None:
    """Reject a state-changing request whose form lacks this session's CSRF token."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site request refused")
    expected: str | None = getattr(request.state, "csrf_token", None)
    if not expected or not submitted or not hmac.compare_digest(submitted, expected):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "missing or invalid CSRF token; reload the page and retry"
        )
