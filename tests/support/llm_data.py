"""Messages and types shared by the LLM adapter tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sago.config import Settings
from sago.devtools.llm_stub import LLMStub
from sago.domain.message import Message
from sago.extractors.llm import LLMExtractor
from sago.sources.normalise import chat_message
from support.factories import T0, settings

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


# Short backoff and timeouts so failure paths take milliseconds.
FAST: dict[str, Any] = {
    "llm_timeout": 3.0,
    "llm_max_retries": 2,
    "llm_retry_initial_delay": 0.01,
    "llm_retry_max_delay": 0.05,
    # Scripted replies must reach the stub; the replay cache has its own tests.
    "llm_cache": False,
}


def llm_settings(wire: str, stub: LLMStub, **changes: Any) -> Settings:
    """Settings for a provider on `wire` ("gemini" or "openai") aimed at the stub.

    The stub is on this machine, so the extractor reads messages as they are: the wrapper
    that redacts them for a cloud model has its own tests (test_redaction_prompt.py)."""
    if wire == "gemini":
        target: dict[str, Any] = {
            "llm": "gemini:gemini-2.5-flash",
            "llm_base_url": stub.url,
            "llm_api_key": "test-key",
        }
    else:
        target = {"llm": "openai:gpt-4o-mini", "llm_base_url": stub.openai_url}
    return settings(
        **{"data_dir": Path("unused"), "redact_for_llm": False, **target, **FAST, **changes}
    )
