"""Sago's Usage for one Pydantic AI run, with an estimated cost."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.usage import RunUsage

from sago.domain.run import Usage
from sago.llm.options import LLMOptions


def usage_of(run_usage: RunUsage, messages: Sequence[ModelMessage], options: LLMOptions) -> Usage:
    """Configured prices win; otherwise the genai-prices table Pydantic AI ships is asked,
    and an unknown model (a local server, a stub) costs 0."""
    usage = Usage(
        requests=run_usage.requests,
        input_tokens=run_usage.input_tokens,
        output_tokens=run_usage.output_tokens,
    )
    if options.price_input_per_mtok is not None or options.price_output_per_mtok is not None:
        usage.cost_usd = (
            run_usage.input_tokens * (options.price_input_per_mtok or 0.0)
            + run_usage.output_tokens * (options.price_output_per_mtok or 0.0)
        ) / 1_000_000
        return usage
    total = 0.0
    for message in messages:
        if isinstance(message, ModelResponse) and message.model_name:
            try:
                total += float(message.cost().total_price)
            except (LookupError, ValueError, AssertionError):
                return usage  # one unknown price makes the whole estimate unknown
    usage.cost_usd = total
    return usage
