"""The one local LLM stub: an OpenAI- and Gemini-compatible model on a loopback port.

Used by the test suite (scripted replies, recorded prompts), `sago bench --llm-stub`
(counted calls and tokens, `no_events_responder`) and `sago chaos`'s LLM outage (`down`,
`hashed_responder`). It reads a request's messages with `sago.llm.framing.parse_messages`,
the same framing the extractor renders, so it follows any change to the prompt format.
"""

from sago.devtools.llm_stub.answers import (
    email_from_prompt,
    events_for,
    grounded_responder,
    hashed_events,
    hashed_responder,
    no_events_responder,
)
from sago.devtools.llm_stub.model import Reply, Responder, StubRequest
from sago.devtools.llm_stub.server import LLMStub

__all__ = [
    "LLMStub",
    "Reply",
    "Responder",
    "StubRequest",
    "email_from_prompt",
    "events_for",
    "grounded_responder",
    "hashed_events",
    "hashed_responder",
    "no_events_responder",
]
