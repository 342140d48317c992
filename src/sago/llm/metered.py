"""Every request the provider receives is counted and paid for out of the run's budget.

`MeteredModel` wraps a Pydantic AI model once, in the wiring (bootstrap), so the
extractor and the email writer are metered alike: a request is reserved against the
token budget before it is sent (a budget too small for it raises BudgetExceededError and
nothing is sent), and counted when it comes back, answered or failed. A request that
failed after reaching the provider (an HTTP error, a timeout) counts as a request with its
estimated input tokens, since the provider read or billed it; a refused connection counts
nothing. A cost estimate comes from the configured prices or genai-prices.
"""

from __future__ import annotations

import threading
from typing import Any

from pydantic_ai.exceptions import ModelAPIError, ModelConnectionError, ModelTimeoutError
from pydantic_ai.messages import ModelMessage, ModelRequest, ModelResponse
from pydantic_ai.models import Model, ModelRequestParameters
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings

from sago.domain.run import Usage
from sago.llm.budget import TokenBudget
from sago.llm.framing import estimate_tokens
from sago.llm.options import LLMOptions

# Output reserved against the budget before a request: most answers are far below the cap.
OUTPUT_RESERVE = 512


class Meter:
    """What one model has cost so far. Thread-safe."""

    def __init__(self) -> None:
        self._usage = Usage()
        self.failed = 0
        self._lock = threading.Lock()

    @property
    def usage(self) -> Usage:
        with self._lock:
            return self._usage.model_copy()

    def add(self, usage: Usage, *, failed: bool = False) -> None:
        with self._lock:
            self._usage = self._usage + usage
            self.failed += int(failed)


def request_text(messages: list[ModelMessage]) -> str:
    """Everything of a request the model reads: instructions and every part's content."""
    texts: list[str] = []
    for message in messages:
        if isinstance(message, ModelRequest) and message.instructions:
            texts.append(message.instructions)
        for part in message.parts:
            content = getattr(part, "content", None)
            texts.append(content if isinstance(content, str) else str(content or ""))
    return "\n".join(texts)


class MeteredModel(WrapperModel):
    """A model whose every request is budgeted and counted in `meter`."""

    def __init__(
        self, wrapped: Model, *, meter: Meter, budget: TokenBudget, options: LLMOptions
    ) -> None:
        super().__init__(wrapped)
        self.meter = meter
        self.budget = budget
        self.options = options

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        estimated_input = estimate_tokens(request_text(messages))
        cap = int((model_settings or {}).get("max_tokens") or OUTPUT_RESERVE)
        reserved = estimated_input + min(cap, OUTPUT_RESERVE)
        self.budget.reserve(reserved)
        used = 0
        try:
            response = await self.wrapped.request(
                messages, model_settings, model_request_parameters
            )
        except ModelAPIError as exc:
            reached = isinstance(exc, ModelTimeoutError) or not isinstance(
                exc, ModelConnectionError
            )
            if reached:
                used = estimated_input
                self.meter.add(Usage(requests=1, input_tokens=used), failed=True)
            raise
        finally:
            self.budget.settle(reserved, used)
        usage = self._usage_of(response)
        used = usage.input_tokens + usage.output_tokens
        self.budget.settle(0, used)
        self.meter.add(usage)
        return response

    def _usage_of(self, response: ModelResponse) -> Usage:
        tokens = response.usage
        usage = Usage(
            requests=1, input_tokens=tokens.input_tokens, output_tokens=tokens.output_tokens
        )
        options = self.options
        if options.price_input_per_mtok is not None or options.price_output_per_mtok is not None:
            usage.cost_usd = (
                tokens.input_tokens * (options.price_input_per_mtok or 0.0)
                + tokens.output_tokens * (options.price_output_per_mtok or 0.0)
            ) / 1_000_000
        elif response.model_name:
            try:
                usage.cost_usd = float(response.cost().total_price)
            except (LookupError, ValueError, AssertionError):
                usage.cost_usd = 0.0  # an unknown model (a local server, a stub) costs 0
        return usage


def meter_of(model: Any) -> Meter | None:
    """The meter of a (possibly further wrapped) metered model."""
    while model is not None:
        if isinstance(model, MeteredModel):
            return model.meter
        model = getattr(model, "wrapped", None)
    return None
