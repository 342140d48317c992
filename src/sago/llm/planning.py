"""How many messages go into one request, and how long its answer may be.

A request must fit the context window: instructions, the framed messages and the output
cap. Where the provider reports its speed (llama.cpp does, per answer), it must also be
read and answered in about half of SAGO_LLM_TIMEOUT: on a CPU a 0.5B model reads ~35-70
prompt tokens/s, so a batch sized for a cloud model would take a quarter of an hour. The
room is rounded down to a power of two, so a small change in measured speed does not
change how a batch is cut, and a re-run finds its requests in the replay cache.

The output cap is what a request can need: a few hundred tokens per event it may report
(`schema.max_events_for`), not a flat 8,192, so a model that rambles is stopped early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sago.domain.message import Message
from sago.llm.framing import estimate_tokens, render_message
from sago.llm.options import LLMOptions
from sago.llm.providers.base import Speed
from sago.llm.schema import max_events_for

MARGIN_TOKENS = 64  # chat template and the request preamble
TOKENS_PER_EVENT = 140
BASE_OUTPUT_TOKENS = 48
MIN_ROOM = 256
MIN_SHORTENED_CHARS = 200
# Before the first answer reports a speed: what a 0.5B model manages on two shared cores.
ASSUMED_LOCAL_SPEED = Speed(prompt_tps=30.0, output_tps=6.0)


@dataclass
class Planner:
    """Cuts a batch into requests and caps each one's output."""

    options: LLMOptions
    instructions: str
    context_tokens: int | None = None
    speed: Speed | None = None

    def output_cap(self, messages: int) -> int:
        wanted = BASE_OUTPUT_TOKENS + TOKENS_PER_EVENT * max_events_for(messages)
        return max(64, min(self.options.max_output_tokens, wanted))

    def room(self) -> int:
        """Tokens of framed messages one request may carry, whatever its speed."""
        context = self.options.max_input_tokens
        if self.context_tokens is not None:
            context = min(context, self.context_tokens)
        fixed = estimate_tokens(self.instructions) + MARGIN_TOKENS
        # SAGO_LLM_CONTEXT_TOKENS bounds the prompt; a window Sago knows (a local server's
        # n_ctx) holds the prompt and the answer, so the largest answer comes off it.
        room = context - fixed
        if self.context_tokens is not None:
            room -= self.output_cap(10_000)
        if self.options.request_tokens is not None:
            room = min(room, self.options.request_tokens)
        return _power_of_two_floor(max(MIN_ROOM, room))

    def speeds(self) -> tuple[float, float] | None:
        """(prompt, output) tokens/s rounded down to powers of two, or None when unknown.

        Rounded so that a re-run on a machine as busy cuts its batches the same way (and
        finds them in the replay cache); the instructions are a cached prefix after the
        first request, so only the messages are timed.
        """
        if self.speed is None:
            return None
        prompt = self.speed.prompt_tps or ASSUMED_LOCAL_SPEED.prompt_tps or 1.0
        output = self.speed.output_tps or ASSUMED_LOCAL_SPEED.output_tps or 1.0
        return float(_power_of_two_floor(max(1, int(prompt)))), float(
            _power_of_two_floor(max(1, int(output)))
        )

    def fits_in_time(self, tokens: int, messages: int, speeds: tuple[float, float] | None) -> bool:
        """Whether a request is read and answered in half of SAGO_LLM_TIMEOUT."""
        if speeds is None:
            return True
        seconds = tokens / speeds[0] + self.output_cap(messages) / speeds[1]
        return seconds <= self.options.timeout / 2

    def cost(self, message: Message) -> int:
        return estimate_tokens(render_message(message)) + 1

    def fit(self, message: Message, room: int) -> Message:
        """A message too long for a request on its own is cut; the model sees a prefix."""
        if self.cost(message) <= room:
            return message
        keep = max(MIN_SHORTENED_CHARS, len(message.text) - (self.cost(message) - room) * 4 - 16)
        return message.model_copy(update={"text": message.text[:keep]})

    def plan(self, messages: Sequence[Message]) -> list[list[Message]]:
        """Consecutive chunks whose framed messages fit `room()` and, at the measured
        speed, half the timeout."""
        room = self.room()
        speeds = self.speeds()
        chunks: list[list[Message]] = []
        current: list[Message] = []
        size = 0
        for message in (self.fit(m, room) for m in messages):
            cost = self.cost(message)
            full = size + cost > room
            if current and (full or not self.fits_in_time(size + cost, len(current) + 1, speeds)):
                chunks.append(current)
                current, size = [], 0
            current.append(message)
            size += cost
        if current:
            chunks.append(current)
        return chunks


def shortened(message: Message) -> Message | None:
    """The message with half its text, or None when it is already short."""
    if len(message.text) <= MIN_SHORTENED_CHARS:
        return None
    return message.model_copy(update={"text": message.text[: len(message.text) // 2]})


def _power_of_two_floor(value: int) -> int:
    return 1 << (value.bit_length() - 1)
