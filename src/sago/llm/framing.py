"""How messages are framed in an extraction request, and how that framing is read back.

Both directions live here so the framing can change in one place: the extractor renders
with `render_messages`, and the local stub models (tests, bench, chaos) find the messages
of a request with `parse_messages`.

The framing is lean because every token of it is read by the model: a message is one line
`[<id>] <text>` (an email adds who sent it and the subject), and nothing but the id sits
in the brackets. A small model copies whatever looks most like an identifier, so no
boundary token, hash or timestamp competes with the id. A message cannot forge the start
of another: a line of its text that looks like a header gets a leading space. The
instructions are the system prompt, identical in every request, so providers that cache
a prompt prefix (llama.cpp's KV cache, OpenAI and Gemini prompt caching) read them once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sago.domain.message import Message

PROMPT_VERSION = "extract_v2"
PREAMBLE = "Messages for "  # starts every extraction request's user turn, and no email's
MARKER = PREAMBLE
_HEADER = re.compile(r"^\[(?P<id>[^\]\s]{1,200})\](?: (?P<rest>.*))?$")
_EMAIL = re.compile(r"^email from .*? \| Subject: [^\n]*(?:\n|$)")


def _escaped(text: str) -> str:
    """The text with every line that could pass for a message header pushed right by a space."""
    lines = text.split("\n")
    return "\n".join(" " + line if _HEADER.match(line) else line for line in lines)


def render_message(message: Message) -> str:
    text = _escaped(message.text)
    if message.subject is not None or message.source.value == "gmail":
        subject = _escaped(message.subject or "").replace("\n", " ")
        return f"[{message.id}] email from {message.sender} | Subject: {subject}\n{text}"
    return f"[{message.id}] {text}"


def render_messages(
    messages: Sequence[Message], company_id: str, company_names: Sequence[str] = ()
) -> str:
    """The user turn: who "we" are, then one framed message after another."""
    names = ", ".join(company_names) or company_id
    return f"{PREAMBLE}{names}:\n" + "\n".join(render_message(m) for m in messages)


def parse_messages(prompt: str) -> list[tuple[str, str]]:
    """(id, text) of every framed message in a request, first occurrence of an id only.

    An email's header line (sender and subject) is not part of its text; the instructions
    before the preamble are skipped, so an example in them is never taken for a message.
    """
    _, found, body = prompt.partition("\n" + PREAMBLE)
    if not found:
        _, found, body = prompt.partition(PREAMBLE)
        if not found:
            return []
    seen: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.split("\n")[1:]:
        header = _HEADER.match(line)
        if header is not None:
            current = seen.setdefault(header["id"], []) if header["id"] not in seen else None
            if current is not None:
                current.append(header["rest"] or "")
        elif current is not None:
            current.append(line)
    return [(mid, _EMAIL.sub("", "\n".join(lines), count=1)) for mid, lines in seen.items()]


def instructions_of(prompt: str) -> str:
    """The part of a request's text before its messages (the system instructions)."""
    return prompt.split("\n" + PREAMBLE, 1)[0]


def estimate_tokens(text: str) -> int:
    """A provider-independent upper-ish estimate: ~4 characters per token, rounded up."""
    return len(text) // 4 + 1


class PromptStats:
    """Tokens of what the requests carried: message text, framing, instructions.

    The overhead is framing and instructions as a share of the message tokens. `sent`
    counts the instructions in every request (what a provider without prompt caching
    bills); `read` counts them once, as llama.cpp's KV cache or a provider's prompt
    cache reads an identical prefix.
    """

    def __init__(self) -> None:
        self.requests = 0
        self.message_tokens = 0
        self.framing_tokens = 0
        self.instruction_tokens = 0

    def add(self, messages: Sequence[Message], user_turn: str, instructions: str) -> None:
        text = sum(estimate_tokens(f"{m.subject or ''} {m.text}") for m in messages)
        self.requests += 1
        self.message_tokens += text
        self.framing_tokens += max(0, estimate_tokens(user_turn) - text)
        self.instruction_tokens = estimate_tokens(instructions)

    @property
    def overhead_sent(self) -> float:
        spent = self.framing_tokens + self.instruction_tokens * self.requests
        return spent / self.message_tokens if self.message_tokens else 0.0

    @property
    def overhead_read(self) -> float:
        spent = self.framing_tokens + self.instruction_tokens * min(self.requests, 1)
        return spent / self.message_tokens if self.message_tokens else 0.0
