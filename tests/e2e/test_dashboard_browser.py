"""The dashboard in a real browser, after a real `sago run`.

Headless Chromium comes from Debian's `chromium` package (scripts/system-deps.sh installs
it); Playwright only drives it: its own browser download cannot work here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAGO = Path(sys.executable).with_name("sago")
COMPANY = "acme"
SCRIPT_MESSAGE = "Heads up <script>alert(1)</script> DAU hit 5,000 today"
CSV = f"""id,is_chat,chat_sender,email_sender,timestamp,content
1,True,Maya,,2025-06-02T09:00:00,"We just closed our $4M seed round led by Atlas Ventures!"
2,True,Leo,,2025-06-05T10:00:00,"{SCRIPT_MESSAGE}"
3,False,,ceo@acme.example,2025-06-10T08:00:00,"Subject: June numbers
MRR is now $120k, up 20% MoM."
4,True,Maya,,2025-06-20T09:00:00,"We hired 3 new engineers, headcount is now 25"
5,False,,ceo@acme.example,2025-07-01T08:00:00,"Subject: July numbers
MRR reached $150k this month. Details: javascript:alert(1)"
6,True,Leo,,2025-07-03T11:00:00,"We signed a partnership with Stripe to launch payments"
"""


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def _require_browser() -> None:
    """Skip without chromium or Playwright, except under SAGO_REQUIRE_SERVICES=1 (CI)."""
    problems = []
    if not CHROMIUM.exists():
        problems.append(
            f"{CHROMIUM} is missing (apt-get install chromium, or scripts/system-deps.sh)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed (pip install -e '.[dev]')")
    if not problems:
        return
    problem = "; ".join(problems)
    if _flag("SAGO_REQUIRE_SERVICES"):
        pytest.fail(f"SAGO_REQUIRE_SERVICES=1 but {problem}", pytrace=False)
    pytest.skip(problem)


def _env(data_dir: Path) -> dict[str, str]:
    # Only this test's settings: no SAGO_* from the caller's shell or CI steers the run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGO_")}
    env |= {
        "SAGO_DATA_DIR": str(data_dir),
        "SAGO_COMPANY_ID": COMPANY,
        "SAGO_CONFIG": str(data_dir.parent / "no-config.yaml"),
    }
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str, server: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return False


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture
def dashboard_url(tmp_path: Path) -> Iterator[str]:
    """`sago run` on a small CSV, then `sago serve` on a free loopback port."""
    _require_browser()
    data_dir = tmp_path / "data"
    csv_path = tmp_path / "messages.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    env = _env(data_dir)
    run = subprocess.run(
        [str(SAGO), "run", str(csv_path), "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for attempt in range(3):  # another process may take the free port before we bind it
        port = _free_port()
        log = tmp_path / f"serve-{attempt}.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [str(SAGO), "serve", "--port", str(port)],
                cwd=tmp_path,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            if _ready(f"{base}/healthz", server, time.monotonic() + 30):
                yield base
                return
        finally:
            _stop(server)
    pytest.fail(f"sago serve did not start:\n{log.read_text(errors='replace')[-3000:]}")


def _screenshots(page: Any, base: str, folder: Path) -> None:
    """Each new view at desktop and phone width (SAGO_SCREENSHOTS keeps them), and no page
    wider than its window at 390 px."""
    keep = Path(os.environ.get("SAGO_SCREENSHOTS") or folder)
    keep.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in (("email", "/email"), ("charts", "/charts"), ("lowlights", "/lowlights")):
            page.goto(base + path)
            page.screenshot(path=str(keep / f"{name}-{width}.png"), full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width + 1, (name, width, scroll)


def test_dashboard_in_chromium(dashboard_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import Dialog, sync_playwright

    dialogs: list[str] = []
    csp_errors: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(15_000)
            page.on("dialog", on_dialog)
            page.on(
                "console",
                lambda m: (
                    csp_errors.append(m.text) if "Content Security Policy" in m.text else None
                ),
            )

            # The timeline after the run: several event types, newest first.
            page.goto(f"{dashboard_url}/")
            events = page.locator("article.event")
            assert events.count() >= 2
            all_types = {e.get_attribute("data-type") for e in events.all()}
            assert "funding" in all_types
            assert len(all_types) > 1

            # Filter by a type through the form.
            page.select_option("#filter-type", "funding")
            page.click("#apply")
            page.wait_for_url("**/?type=funding*")
            filtered = [e.get_attribute("data-type") for e in page.locator("article.event").all()]
            assert filtered
            assert set(filtered) == {"funding"}
            page.screenshot(path=str(tmp_path / "timeline-funding.png"), full_page=True)

            # Open the event: its evidence is shown, marked inside the source message.
            page.locator("article.event h2 a").first.click()
            page.wait_for_url("**/events/*")
            marks = page.locator("section.message mark")
            assert marks.count() >= 1
            assert "seed round" in marks.first.inner_text().lower()
            assert "Atlas Ventures" in page.locator("section.message .text").first.inner_text()
            page.screenshot(path=str(tmp_path / "event.png"), full_page=True)

            # The hostile message shows its <script> as text and runs nothing.
            page.goto(f"{dashboard_url}/message?id=2")
            assert page.locator(".text").inner_text() == SCRIPT_MESSAGE
            assert page.locator("main script").count() == 0

            # Metrics over time, drawn as inline SVG.
            page.goto(f"{dashboard_url}/charts")
            assert page.locator("figure.chart svg").count() >= 1
            page.screenshot(path=str(tmp_path / "charts.png"), full_page=True)

            # The period on every page: June only, kept by the links.
            page.goto(f"{dashboard_url}/")
            page.select_option("#scope-period", "2025-06")
            page.click("#scope-apply")
            page.wait_for_url("**period=2025-06*")
            june = [e.get_attribute("data-type") for e in page.locator("article.event").all()]
            assert "partnership" not in june  # the Stripe partnership is July's
            assert "period=2025-06" in (page.get_attribute("#nav-lowlights", "href") or "")
            page.click("#nav-lowlights")
            page.wait_for_url("**/lowlights?period=2025-06")
            assert page.locator("h1").inner_text().startswith("Lowlights")

            # The investor email drafted by the run covers July, where its messages end.
            page.goto(f"{dashboard_url}/email")
            assert page.locator("#status").inner_text() == "draft"
            assert page.locator("#email-period").inner_text() == "July 2025"
            cited = page.locator("#cited li")
            assert cited.count() >= 1
            assert "seed round" not in page.locator("#cited").inner_text().lower()  # June's
            mark = page.locator("#preview a[href^='/message']").first
            mark.click()
            page.wait_for_url("**/message?id=*&event=*")
            assert page.locator("section.message mark").count() >= 1
            page.goto(f"{dashboard_url}/email")
            page.click("#approve")
            page.wait_for_url("**/email?saved=approved")
            assert page.locator("#status").inner_text() == "approved"
            page.screenshot(path=str(tmp_path / "email.png"), full_page=True)
            with page.expect_download() as download:
                page.click("a[href='/email.eml?approved=1']")
            eml = Path(download.value.path()).read_bytes()
            parsed = BytesParser(policy=policy.default).parsebytes(eml)
            assert parsed["X-Sago-Approved"] == "yes"
            assert parsed["Subject"]

            page.goto(f"{dashboard_url}/")
            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot), full_page=True)
            _screenshots(page, dashboard_url, tmp_path)
        finally:
            browser.close()

    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
    assert dialogs == [], f"a script ran: {dialogs}"
    assert csp_errors == []
