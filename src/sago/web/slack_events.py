"""`POST /slack/events`: the Slack Events API receiver (on when a signing secret is set).

Every request's signature and timestamp are checked with slack_sdk's SignatureVerifier
(older than 5 minutes: refused as a replay); the URL-verification challenge is answered;
message events (new, changed, deleted) are answered at once and fed to the pipeline in
the background, as Slack wants an answer within 3 seconds. On the scale path they are
published to the Kafka topic for the workers; embedded, they are stored, batched and
extracted here (a ticker extracts partial batches after SAGO_BATCH_MAX_WAIT).
"""

from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response
from fastapi.responses import JSONResponse
from slack_sdk.signature import SignatureVerifier

from sago import bootstrap
from sago.config import Settings
from sago.domain.run import RunSummary
from sago.pipeline.batching import recover
from sago.sources.base import Record
from sago.sources.slack_events import Names, event_records, no_names

router = APIRouter()
log = logging.getLogger(__name__)
_TICK = 1.0


class EventSink:
    """Records from events into the pipeline, one feed at a time."""

    def __init__(self, settings: Settings) -> None:
        self.scale = settings.queue == "kafka"
        self.parts = bootstrap.build(settings, consume=not self.scale)
        self.pipeline = bootstrap.build_pipeline(settings, self.parts)
        self.summary = RunSummary(company_id=settings.company_id)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        if not self.scale:
            recover(self.parts.rawstore, self.parts.batcher, settings.company_id)
            self._ticker = threading.Thread(target=self._tick, name="slack-events", daemon=True)
            self._ticker.start()

    def feed(self, records: list[Record]) -> None:
        try:
            with self._lock:
                self.pipeline.ingest(
                    [("slack events", records)], self.summary, consume=not self.scale
                )
        except Exception:  # a background task: log, Slack retries undelivered events
            log.exception("slack events: could not feed %d records", len(records))

    def _tick(self) -> None:
        while not self._stop.wait(_TICK):
            try:
                with self._lock:
                    self.pipeline.pump(self.summary, wait=0.0)
            except Exception:  # the next tick tries again
                log.exception("slack events: extraction failed")

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(10)
        self.parts.close()


def slack_names(settings: Settings) -> Names:
    """Channel and user names from the Web API when a bot token is set (cached)."""
    token = settings.slack_bot_token()
    if token is None:
        return no_names
    from slack_sdk.errors import SlackApiError

    from sago.sources.slack_api import slack_client

    client = slack_client(token.get_secret_value(), settings.slack_base_url, max_retries=2)

    @lru_cache(maxsize=4096)
    def channel_name(channel: str) -> str:
        try:
            found = client.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError:
            return channel
        return str(found.get("name") or channel) if isinstance(found, dict) else channel

    @lru_cache(maxsize=4096)
    def user_name(user: str) -> str:
        try:
            found = client.users_info(user=user).get("user") or {}
        except SlackApiError:
            return user
        profile = found.get("profile") or {}
        return str(
            found.get("real_name") or profile.get("display_name") or found.get("name") or user
        )

    def names(channel: str, user: str | None) -> tuple[str, dict[str, str]]:
        return channel_name(channel), ({user: user_name(user)} if user else {})

    return names


@router.post("/slack/events")
async def slack_events(request: Request, background: BackgroundTasks) -> Response:
    verifier: SignatureVerifier = request.app.state.slack_verifier
    body = await request.body()
    if not verifier.is_valid_request(body, dict(request.headers)):
        return JSONResponse({"error": "invalid signature or stale timestamp"}, status_code=401)
    try:
        payload: Any = json.loads(body)
    except ValueError:
        return JSONResponse({"error": "not JSON"}, status_code=400)
    if not isinstance(payload, dict):
        return JSONResponse({"error": "not an event"}, status_code=400)
    if payload.get("type") == "url_verification":
        return JSONResponse({"challenge": str(payload.get("challenge") or "")})
    settings: Settings = request.app.state.sago.settings
    records = list(
        event_records(
            payload,
            settings.company_id,
            names=request.app.state.slack_names,
            max_chars=settings.max_message_chars,
        )
    )
    if records:
        sink: EventSink = request.app.state.slack_sink
        background.add_task(sink.feed, records)
    return Response(status_code=200)
