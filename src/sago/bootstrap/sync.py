"""The live sources the settings name: Slack's or Gmail's API behind one small shape."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Protocol

from sago.config import Settings
from sago.sources.base import Record
from sago.syncstate.base import SyncState


class LiveSync(Protocol):
    """A live source: one pass of records, then `commit()` once they are stored."""

    def read(self) -> Iterator[Record]: ...

    def commit(self) -> None: ...


def build_sync(settings: Settings, kind: str, state: SyncState) -> LiveSync:
    """The Slack or Gmail sync the settings describe (ValueError: a setting to fix)."""
    if kind == "slack":
        from sago.sources.slack_api import SlackSync, slack_client

        token = settings.slack_bot_token()
        if token is None:
            raise ValueError(
                "sago sync slack needs the bot token: set SLACK_BOT_TOKEN (or "
                "SAGO_SLACK_TOKEN, or SAGO_SLACK_TOKEN_FILE naming a 0600 file)"
            )
        return SlackSync(
            slack_client(token.get_secret_value(), settings.slack_base_url),
            settings.company_id,
            state,
            lookback=timedelta(days=settings.slack_lookback_days),
            channels=settings.slack_channels,
            max_chars=settings.max_message_chars,
        )
    from sago.sources.gmail_api import GmailSync, gmail_service

    if settings.gmail_credentials is None:
        raise ValueError(
            "sago sync gmail needs SAGO_GMAIL_CREDENTIALS: an OAuth user credentials file "
            "or a service-account key (0600)"
        )
    service = gmail_service(
        settings.gmail_credentials,
        user=settings.gmail_user,
        base_url=settings.gmail_base_url,
        token_uri=settings.gmail_token_uri,
    )
    return GmailSync(
        service,
        settings.company_id,
        state,
        user=settings.gmail_user,
        query=settings.gmail_query,
        max_chars=settings.max_message_chars,
    )
