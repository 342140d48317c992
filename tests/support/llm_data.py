"""Messages and types shared by the LLM adapter tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sago.domain.message import Message
from sago.extractors.llm import LLMExtractor
from sago.sources.normalise import chat_message
from support.factories import T0

ExtractorFactory = Callable[..., LLMExtractor]

TEXTS = [
    "Great news: we closed our Series A of $12M led by Atlas Ventures.",
    "MRR hit $120k this month, up from $95k.",
    "We might raise a Series B next year, who knows?",
    "Lunch is at noon today.",
]


def chat(n: int, text: str, company: str = "acme") -> Message:
    """A Slack message with id str(n), n hours after T0."""
    return chat_message(
        native_id=str(n),
        company_id=company,
        sender="Maya",
        text=text,
        moment=T0 + timedelta(hours=n),
    )
