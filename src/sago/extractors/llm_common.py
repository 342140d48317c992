"""What every LLM adapter shares: options, the event loop it runs on, the token budget, usage.

Pydantic AI and the provider SDKs are async and their HTTP clients belong to one event
loop, while the pipeline calls extractors synchronously (possibly from several threads).
So each LLM component owns one background loop thread; every call is scheduled there,
and one semaphore on that loop caps concurrent requests across all callers.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.settings import ModelSettings
from pydantic_ai.usage import RunUsage

from sago.extractors.base import Usage

T = TypeVar("T")
OutputMode = Literal["native", "tool", "prompted"]

# HTTP statuses worth another attempt: rate limits and server-side trouble.
RETRY_STATUSES = (408, 429, 500, 502, 503, 504)


@dataclass(frozen=True)
class LLMOptions:
    """Plain knobs for an LLM adapter (bootstrap copies them out of Settings)."""

    timeout: float = 120.0
    max_retries: int = 4
    retry_initial_delay: float = 1.0
    retry_max_delay: float = 30.0
    concurrency: int = 4
    token_budget: int | None = None
    max_input_tokens: int = 100_000
    max_output_tokens: int = 8_192
    output_retries: int = 2
    output_mode: OutputMode = "native"
    temperature: float | None = None
    price_input_per_mtok: float | None = None
    price_output_per_mtok: float | None = None

    def model_settings(self) -> ModelSettings:
        settings = ModelSettings(
            timeout=self.timeout, max_retries=self.max_retries, max_tokens=self.max_output_tokens
        )
        if self.temperature is not None:
            settings["temperature"] = self.temperature
        return settings


class LoopThread:
    """A private asyncio loop on a daemon thread; `run` blocks the caller until done."""

    def __init__(self, name: str, concurrency: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()
        self._semaphore: asyncio.Semaphore | None = None
        self._concurrency = concurrency

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._loop.is_closed():
            coro.close()
            raise RuntimeError("LLM client is closed")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    @property
    def semaphore(self) -> asyncio.Semaphore:
        """Created lazily on the loop itself; only use from coroutines run by `run`."""
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._concurrency)
        return self._semaphore

    @property
    def closed(self) -> bool:
        return self._loop.is_closed()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()


class BudgetExceededError(Exception):
    """The per-run token budget would be exceeded by the next call."""


class TokenBudget:
    """Tokens spent by a run, with room reserved for calls in flight. Thread-safe."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.spent = 0
        self._reserved = 0
        self._lock = threading.Lock()

    def reserve(self, estimate: int) -> None:
        with self._lock:
            if self.limit is not None and self.spent + self._reserved + estimate > self.limit:
                raise BudgetExceededError(
                    f"token budget exhausted: {self.spent:,} of {self.limit:,} tokens spent and "
                    f"the next call needs about {estimate:,} (raise SAGO_LLM_TOKEN_BUDGET)"
                )
            self._reserved += estimate

    def settle(self, estimate: int, used: int) -> None:
        with self._lock:
            self._reserved -= estimate
            self.spent += used


def usage_of(run_usage: RunUsage, messages: Sequence[ModelMessage], options: LLMOptions) -> Usage:
    """Sago's Usage for one agent run, with an estimated cost.

    Configured prices win; otherwise the genai-prices table Pydantic AI ships is asked,
    and an unknown model (a local server, a stub) costs 0.
    """
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
