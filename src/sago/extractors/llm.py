"""The provider-independent LLM extractor; `sago.llm.providers` build the model it talks to.

One batch is one model call unless it does not fit: a batch whose estimated prompt exceeds
`max_input_tokens` is split up front, and a chunk the provider still rejects as too long
(or whose answer hits the output limit) is halved and retried. So a run makes
⌈messages / batch size⌉ calls unless splitting was needed. Chunks of one batch run
concurrently, bounded by the shared semaphore.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from pydantic_ai import Agent, NativeOutput, PromptedOutput, ToolOutput
from pydantic_ai.exceptions import (
    AgentRunError,
    ModelConnectionError,
    ModelContextWindowExceededError,
    ModelHTTPError,
    ModelRateLimitError,
    ModelServerError,
    ModelUnavailableError,
    OutputTokenLimitExceeded,
)
from pydantic_ai.models import Model

from sago.domain.batch import Batch
from sago.domain.event import SignificantEvent
from sago.domain.message import Message
from sago.domain.similarity import find_duplicate
from sago.extractors.base import (
    ExtractionError,
    ExtractionResult,
    Extractor,
    ProviderUnavailableError,
    Usage,
)
from sago.llm.budget import BudgetExceededError, TokenBudget
from sago.llm.framing import PROMPT_VERSION, estimate_tokens, render_messages
from sago.llm.grounding import ground, merge_same_id
from sago.llm.loop import LoopThread
from sago.llm.options import LLMOptions
from sago.llm.prompts import load_prompt
from sago.llm.schema import ExtractionOut
from sago.llm.usage import usage_of

log = logging.getLogger(__name__)

# Room for the instructions, the schema and the framing around the messages.
PROMPT_OVERHEAD_TOKENS = 2_500
MIN_TRUNCATED_CHARS = 1_000


def output_spec(mode: str) -> Any:
    """How the model is asked for JSON: its native schema mode, a tool call, or the prompt."""
    if mode == "tool":
        return ToolOutput(ExtractionOut, name="report_events")
    if mode == "prompted":
        return PromptedOutput(ExtractionOut)
    return NativeOutput(ExtractionOut, name="events")


class LLMExtractor(Extractor):
    """Extracts grounded events with any Pydantic AI model.

    Every reported event must cite ids of the batch and quote them verbatim; the rest is
    dropped and counted in `ExtractionResult.dropped`. Raises ExtractionError after the
    provider SDK's own retries (429/5xx/timeouts) are used up, or when the run's token
    budget would be exceeded, so the pipeline keeps the batch claimable.
    """

    def __init__(
        self,
        model: Model,
        *,
        name: str,
        options: LLMOptions,
        budget: TokenBudget | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self._on_close = on_close
        self.options = options
        self.budget = budget or TokenBudget(options.token_budget)
        self.prompt_version = PROMPT_VERSION
        self._agent: Agent[None, ExtractionOut] = Agent(
            model,
            output_type=output_spec(options.output_mode),
            instructions=load_prompt(PROMPT_VERSION),
            model_settings=options.model_settings(),
            retries={"output": options.output_retries},
            name="sago-extractor",
        )
        self._loop = LoopThread(f"sago-{name}", options.concurrency)
        # Entered once on its own loop so the provider's HTTP client lives (and is closed) there.
        self._loop.run(self._agent.__aenter__())

    # -- splitting -------------------------------------------------------------------------

    def _room(self) -> int:
        return max(1_000, self.options.max_input_tokens - PROMPT_OVERHEAD_TOKENS)

    def _fit(self, message: Message) -> Message:
        """A message too long for the context alone is cut; the model sees (and quotes) a prefix."""
        room_chars = self._room() * 4 - 400
        if len(message.for_prompt()) <= room_chars:
            return message
        keep = max(MIN_TRUNCATED_CHARS, room_chars - len(message.for_prompt()) + len(message.text))
        return message.model_copy(update={"text": message.text[:keep]})

    def split(self, messages: Sequence[Message]) -> list[list[Message]]:
        """Consecutive chunks whose estimated prompt fits `max_input_tokens`."""
        chunks: list[list[Message]] = []
        current: list[Message] = []
        size = 0
        for message in map(self._fit, messages):
            cost = estimate_tokens(message.for_prompt()) + 40  # delimiter lines
            if current and size + cost > self._room():
                chunks.append(current)
                current, size = [], 0
            current.append(message)
            size += cost
        if current:
            chunks.append(current)
        return chunks

    # -- calls -----------------------------------------------------------------------------

    async def _request(self, prompt: str) -> tuple[ExtractionOut, Usage]:
        estimate = estimate_tokens(prompt) + PROMPT_OVERHEAD_TOKENS
        async with self._loop.semaphore:
            self.budget.reserve(estimate)
            used = 0
            try:
                run = await self._agent.run(prompt)
                usage = usage_of(run.usage, run.all_messages(), self.options)
                used = usage.input_tokens + usage.output_tokens
                return run.output, usage
            finally:
                self.budget.settle(estimate, used)

    async def _call(self, batch: Batch, chunk: list[Message]) -> ExtractionResult:
        try:
            output, usage = await self._request(render_messages(chunk, batch.company_id))
        except (ModelContextWindowExceededError, OutputTokenLimitExceeded):
            if len(chunk) < 2:  # a single message cannot be split further
                raise
            # Halved outside the failed call's semaphore slot, so the halves cannot deadlock.
            log.info("%s: chunk of %d messages too large, halving", self.name, len(chunk))
            half = len(chunk) // 2
            halves = await asyncio.gather(
                self._call(batch, chunk[:half]), self._call(batch, chunk[half:])
            )
            return combine(halves)
        grounded = ground(
            output, chunk, company_id=batch.company_id, batch_id=batch.id, extractor=self.name
        )
        return ExtractionResult(events=grounded.events, dropped=grounded.dropped, usage=usage)

    async def _extract(self, batch: Batch) -> ExtractionResult:
        chunks = self.split(batch.messages)
        if len(chunks) > 1:
            log.info("%s: batch %s split into %d chunks", self.name, batch.id, len(chunks))
        results = await asyncio.gather(*(self._call(batch, chunk) for chunk in chunks))
        return combine(results)

    def extract(self, batch: Batch) -> ExtractionResult:
        try:
            return self._loop.run(self._extract(batch))
        except BudgetExceededError as exc:
            raise ExtractionError(f"{self.name}: {exc}; batch {batch.id} stays claimable") from exc
        except AgentRunError as exc:
            if provider_unavailable(exc):
                raise ProviderUnavailableError(
                    f"LLM provider {self.name}", f"{type(exc).__name__}: {exc}"
                ) from exc
            raise ExtractionError(f"{self.name}: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        if not self._loop.closed:
            self._loop.run(self._agent.__aexit__(None, None, None))
            self._loop.close()
        closer, self._on_close = self._on_close, None
        if closer is not None:
            closer()


def provider_unavailable(exc: BaseException) -> bool:
    """5xx, 429, 408, timeouts and refused connections: the provider, not the batch, failed."""
    if isinstance(
        exc, ModelServerError | ModelUnavailableError | ModelRateLimitError | ModelConnectionError
    ):
        return True
    return isinstance(exc, ModelHTTPError) and (
        exc.status_code >= 500 or exc.status_code in {408, 429}
    )


def combine(results: Sequence[ExtractionResult]) -> ExtractionResult:
    """One result for a batch: chunk events merged by id, then by similarity."""
    usage = sum((r.usage for r in results), Usage())
    dropped = [reason for r in results for reason in r.dropped]
    events = merge_same_id([e for r in results for e in r.events])
    # The same occurrence seen by two chunks under different keys becomes one event.
    kept: list[SignificantEvent] = []
    for event in events:
        twin = find_duplicate(event, kept)
        if twin is None:
            kept.append(event)
        else:
            kept[kept.index(twin)] = merge_same_id(
                [twin, event.model_copy(update={"id": twin.id})]
            )[0]
    return ExtractionResult(events=kept, dropped=dropped, usage=usage)
