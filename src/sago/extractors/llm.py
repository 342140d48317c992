"""The provider-independent LLM extractor; `sago.llm.providers` build the model it talks to.

A claimed batch (up to SAGO_BATCH_SIZE messages) is still one unit for the pipeline, but
the model may read it in several requests (`sago.llm.planning`): each is sized to the
model's context and, where the provider reports it (a local llama.cpp server), to its
measured speed, so a request finishes well within SAGO_LLM_TIMEOUT. Each request gets
its own schema (its ids as an enum, capped arrays) and an output cap it can need.

A request that fails for its size is made smaller, never sent again as it was: a chunk
the provider rejects as too long, whose answer hits the output cap, or that times out is
halved; a single message that still times out is shortened. A timeout that survives that
is the batch's fault once the provider has answered this extractor before (it counts
against the batch's attempts), and an outage otherwise.
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
    ModelRequestTimeout,
    ModelServerError,
    ModelTimeoutError,
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
from sago.llm.framing import PROMPT_VERSION, PromptStats, render_messages
from sago.llm.grounding import ground, merge_same_id
from sago.llm.loop import LoopThread
from sago.llm.metered import meter_of
from sago.llm.options import LLMOptions
from sago.llm.planning import Planner, shortened
from sago.llm.prompts import extraction_prompt
from sago.llm.providers.base import Speed
from sago.llm.schema import ExtractionOut, request_schema

log = logging.getLogger(__name__)

TIMEOUTS = (ModelTimeoutError, ModelRequestTimeout)
MAX_SHORTENINGS = 2


def output_spec(schema: type[ExtractionOut], mode: str) -> Any:
    """How the model is asked for JSON: its native schema mode, a tool call, or the prompt."""
    if mode == "tool":
        return ToolOutput(schema, name="report_events")
    if mode == "prompted":
        return PromptedOutput(schema)
    return NativeOutput(schema, name="events")


class LLMExtractor(Extractor):
    """Extracts grounded events with any Pydantic AI model.

    Every reported event must cite ids of the batch and quote them verbatim; the rest is
    dropped and counted in `ExtractionResult.dropped`. Raises ExtractionError when a
    batch cannot be extracted now (the pipeline keeps it claimable), and lets the run's
    BudgetExceededError through: a spent budget stops the run, it is no batch's fault.
    """

    def __init__(
        self,
        model: Model,
        *,
        name: str,
        options: LLMOptions,
        company_names: Sequence[str] = (),
        context_tokens: int | None = None,
        speed: Speed | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.options = options
        self.company_names = tuple(company_names)
        self.prompt_version = PROMPT_VERSION
        self.instructions = extraction_prompt(PROMPT_VERSION)
        self.planner = Planner(
            options=options,
            instructions=self.instructions,
            context_tokens=context_tokens,
            speed=speed,
        )
        self.prompt_stats = PromptStats()
        self._on_close = on_close
        self._meter = meter_of(model)
        self._served = 0  # requests the provider answered: once > 0 it is known to be up
        self._agent: Agent[None, ExtractionOut] = Agent(
            model,
            output_type=output_spec(ExtractionOut, options.output_mode),
            instructions=self.instructions,
            model_settings=options.model_settings(),
            retries={"output": options.output_retries},
            name="sago-extractor",
        )
        self._loop = LoopThread(f"sago-{name}", options.concurrency)
        # Entered once on its own loop so the provider's HTTP client lives (and is closed) there.
        self._loop.run(self._agent.__aenter__())

    def split(self, messages: Sequence[Message]) -> list[list[Message]]:
        """The requests a batch is read in (see `Planner.plan`)."""
        return self.planner.plan(messages)

    # -- calls -----------------------------------------------------------------------------

    async def _request(self, company_id: str, chunk: list[Message]) -> ExtractionOut:
        schema = request_schema([m.id for m in chunk])
        settings = self.options.model_settings()
        settings["max_tokens"] = self.planner.output_cap(len(chunk))
        user_turn = render_messages(chunk, company_id, self.company_names)
        self.prompt_stats.add(chunk, user_turn, self.instructions)
        async with self._loop.semaphore:
            run = await self._agent.run(
                user_turn,
                output_type=output_spec(schema, self.options.output_mode),
                model_settings=settings,
            )
        self._served += 1
        output: ExtractionOut = run.output
        return output

    async def _call(
        self, batch: Batch, chunk: list[Message], shortenings: int = 0
    ) -> ExtractionResult:
        try:
            output = await self._request(batch.company_id, chunk)
        except (ModelContextWindowExceededError, OutputTokenLimitExceeded, *TIMEOUTS) as exc:
            timed_out = isinstance(exc, TIMEOUTS)
            if len(chunk) >= 2:
                # Halved outside the failed call's semaphore slot, so the halves cannot deadlock.
                why = "timed out" if timed_out else "too large"
                log.info("%s: request of %d messages %s, halving", self.name, len(chunk), why)
                half = len(chunk) // 2
                halves = await asyncio.gather(
                    self._call(batch, chunk[:half]), self._call(batch, chunk[half:])
                )
                return combine(halves)
            shorter = shortened(chunk[0])
            if shorter is None or shortenings >= MAX_SHORTENINGS:
                raise
            log.info("%s: message %s too long for one request, shortening", self.name, chunk[0].id)
            return await self._call(batch, [shorter], shortenings + 1)
        # Grounding reads the messages as stored: a shortened one is quoted from its full text.
        full = {m.id: m for m in batch.messages}
        grounded = ground(
            output,
            [full.get(m.id, m) for m in chunk],
            company_id=batch.company_id,
            batch_id=batch.id,
            extractor=self.name,
            instructions=self.instructions,
        )
        return ExtractionResult(
            events=grounded.events,
            dropped=grounded.dropped,
            metrics_dropped=grounded.metrics_dropped,
        )

    async def _extract(self, batch: Batch) -> ExtractionResult:
        chunks = self.split(batch.messages)
        if len(chunks) > 1:
            log.info("%s: batch %s read in %d requests", self.name, batch.id, len(chunks))
        results = await asyncio.gather(*(self._call(batch, chunk) for chunk in chunks))
        return combine(results)

    def extract(self, batch: Batch) -> ExtractionResult:
        before = self._meter.usage if self._meter is not None else Usage()
        try:
            result = self._loop.run(self._extract(batch))
        except AgentRunError as exc:
            if provider_unavailable(exc) and not (isinstance(exc, TIMEOUTS) and self._served):
                raise ProviderUnavailableError(
                    f"LLM provider {self.name}", f"{type(exc).__name__}: {exc}"
                ) from exc
            raise ExtractionError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        if self._meter is not None:
            result.usage = self._meter.usage - before
        return result

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
    dropped = [reason for r in results for reason in r.dropped]
    metrics_dropped = [reason for r in results for reason in r.metrics_dropped]
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
    usage = sum((r.usage for r in results), Usage())
    return ExtractionResult(
        events=kept, dropped=dropped, metrics_dropped=metrics_dropped, usage=usage
    )
