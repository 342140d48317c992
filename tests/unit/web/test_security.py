"""Dashboard access: loopback by default, the token elsewhere, CSRF on every change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from sago.cli import app as cli
from sago.config import Settings
from sago.emailstore.sqlite import SqliteEmailStore
from sago.web import server
from sago.web.security import CONTENT_SECURITY_POLICY, InsecureBindError, check_bind, is_loopback
from support.web import TOKEN, csrf_of, dashboard, seed, settings_for


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = settings_for(tmp_path)
    seed(settings)
    return settings


@pytest.fixture
def open_client(settings: Settings) -> Iterator[TestClient]:
    with dashboard(settings) as client:
        yield client


@pytest.fixture
def token_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"web_token": SecretStr(TOKEN)})


@pytest.fixture
def locked(token_settings: Settings) -> Iterator[TestClient]:
    with dashboard(token_settings, base_url="http://dash.example.com") as client:
        yield client


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Embedded stores in tmp_path, and uvicorn.run recorded instead of serving."""
    monkeypatch.delenv("SAGO_WEB_TOKEN", raising=False)
    monkeypatch.setenv("SAGO_DATA_DIR", str(tmp_path / "data"))
    for name, value in {
        "QUEUE": "embedded",
        "RAWSTORE": "sqlite",
        "BATCHER": "memory",
        "EVENTSTORE": "sqlite",
    }.items():
        monkeypatch.setenv(f"SAGO_{name}", value)
    started: list[Any] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda *a, **k: started.append(k))
    return started


# -- binding -------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_needs_no_token(host: str) -> None:
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "dash.example.com"])
def test_other_addresses_refuse_without_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(InsecureBindError, match="SAGO_WEB_TOKEN is not set"):
        check_bind(host, None)
    with pytest.raises(InsecureBindError, match="at least 16"):
        check_bind(host, "short")
    check_bind(host, TOKEN)


def test_sago_serve_refuses_a_public_bind_without_token(cli_env: list[Any]) -> None:
    started = cli_env
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 2
    assert "SAGO_WEB_TOKEN" in result.output
    assert started == []


def test_sago_serve_binds_public_with_a_token(
    cli_env: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAGO_WEB_TOKEN", TOKEN)
    started = cli_env
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert started[0]["host"] == "0.0.0.0"
    assert started[0]["port"] == 8123
    assert TOKEN not in result.output


def test_sago_serve_defaults_to_loopback(cli_env: list[Any]) -> None:
    started = cli_env
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert started[0]["host"] == "127.0.0.1"


# -- without a token: loopback only --------------------------------------------------------


def test_security_headers_on_every_answer(open_client: TestClient) -> None:
    for url in ("/", "/nope", "/healthz", "/static/style.css"):
        headers = open_client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "script-src" not in CONTENT_SECURITY_POLICY  # default-src 'none' covers it
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"


def test_a_foreign_host_header_is_refused_without_a_token(open_client: TestClient) -> None:
    # DNS rebinding: evil.example resolving to 127.0.0.1 must not read the dashboard.
    assert open_client.get("/", headers={"host": "evil.example:8000"}).status_code == 400
    assert open_client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert open_client.get("/", headers={"host": "[::1]:8000"}).status_code == 200


def test_session_cookie_is_strict_and_httponly(open_client: TestClient) -> None:
    cookie = open_client.get("/").headers["set-cookie"]
    assert cookie.startswith("sago_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/" in cookie


def _approve(client: TestClient, **form: str) -> Any:
    data = {"subject": "Q2", "body": "b", "action": "approve"} | form
    return client.post("/email", data=data, follow_redirects=False)


def _approved(settings: Settings) -> Any:
    store = SqliteEmailStore(settings.events_db)
    try:
        return store.latest("acme", approved=True)
    finally:
        store.close()


def test_post_without_csrf_is_403(open_client: TestClient, settings: Settings) -> None:
    open_client.get("/email")
    assert _approve(open_client).status_code == 403
    assert _approve(open_client, csrf_token="forged").status_code == 403
    assert open_client.post("/email/draft").status_code == 403
    assert _approved(settings) is None


def test_csrf_token_of_another_session_is_403(settings: Settings) -> None:
    with dashboard(settings) as mine, dashboard(settings) as theirs:
        their_token = csrf_of(theirs.get("/email").text)
        mine.get("/email")
        assert _approve(mine, csrf_token=their_token).status_code == 403
        assert _approve(theirs, csrf_token=their_token).status_code == 303


def test_cross_site_post_is_403_even_with_a_token(open_client: TestClient) -> None:
    token = csrf_of(open_client.get("/email").text)
    answer = open_client.post(
        "/email",
        data={"subject": "Q2", "body": "b", "action": "approve", "csrf_token": token},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert answer.status_code == 403


def test_forged_session_cookie_gets_a_fresh_session(open_client: TestClient) -> None:
    open_client.cookies.set("sago_session", "attacker.0000")
    answer = open_client.get("/email")
    assert answer.headers["set-cookie"].startswith("sago_session=")
    assert "attacker" not in answer.headers["set-cookie"]


# -- with a token: every request needs it --------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/healthz", "/metrics", "/email.eml", "/static/style.css"])
def test_every_request_needs_the_token(locked: TestClient, url: str) -> None:
    answer = locked.get(url)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_browsers_get_a_login_form(locked: TestClient) -> None:
    answer = locked.get("/", headers={"accept": "text/html"})
    assert answer.status_code == 401
    assert '<form method="post" action="/login">' in answer.text


def test_bearer_token(locked: TestClient) -> None:
    good = {"authorization": f"Bearer {TOKEN}"}
    assert locked.get("/healthz", headers=good).status_code == 200
    bad = {"authorization": "Bearer wrong-token-wrong-token"}
    assert locked.get("/healthz", headers=bad).status_code == 401
    assert locked.get("/healthz", headers={"authorization": TOKEN}).status_code == 401


def test_query_token_logs_in_and_leaves_the_address_bar(locked: TestClient) -> None:
    assert locked.get("/?token=wrong").status_code == 401
    answer = locked.get(f"/?type=funding&token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/?type=funding"
    cookie = answer.headers["set-cookie"]
    assert TOKEN not in cookie
    assert "SameSite=strict" in cookie
    assert locked.get("/?type=funding").status_code == 200
    assert locked.get("/metrics").status_code == 200


def test_login_form(locked: TestClient) -> None:
    assert locked.post("/login", data={"token": "nope"}).status_code == 401
    answer = locked.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 303
    assert locked.get("/email").status_code == 200


def test_with_token_a_post_still_needs_csrf(locked: TestClient, token_settings: Settings) -> None:
    locked.get(f"/?token={TOKEN}")
    assert _approve(locked).status_code == 403
    token = csrf_of(locked.get("/email").text)
    assert _approve(locked, csrf_token=token).status_code == 303
    approved = _approved(token_settings)
    assert approved is not None
    assert approved.subject == "Q2"


def test_a_session_from_another_token_is_refused(
    settings: Settings, token_settings: Settings
) -> None:
    with dashboard(token_settings, base_url="http://dash.example.com") as first:
        first.get(f"/?token={TOKEN}")
        cookie = first.cookies["sago_session"]
    other = settings.model_copy(update={"web_token": SecretStr("another-long-token-entirely")})
    with dashboard(other, base_url="http://dash.example.com") as second:
        second.cookies.set("sago_session", cookie)
        assert second.get("/").status_code == 401
