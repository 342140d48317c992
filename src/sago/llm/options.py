"""Plain knobs for the LLM components (bootstrap copies them out of Settings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic_ai.settings import ModelSettings

OutputMode = Literal["native", "tool", "prompted"]

# HTTP statuses worth another attempt: rate limits and server-side trouble.
RETRY_STATUSES = (408, 429, 500, 502, 503, 504)


@dataclass(frozen=True)
class LLMOptions:
    """Timeouts, retries, concurrency, budget, sizes, output mode and prices."""

    timeout: float = 120.0
    max_retries: int = 4
    retry_initial_delay: float = 1.0
    retry_max_delay: float = 30.0
    concurrency: int = 4
    token_budget: int | None = None
    max_input_tokens: int = 100_000
    request_tokens: int | None = None  # message tokens per request at most
    max_output_tokens: int = 8_192
    output_retries: int = 2
    output_mode: OutputMode = "native"
    temperature: float | None = None
    seed: int | None = None
    price_input_per_mtok: float | None = None
    price_output_per_mtok: float | None = None

    def model_settings(self) -> ModelSettings:
        settings = ModelSettings(
            timeout=self.timeout, max_retries=self.max_retries, max_tokens=self.max_output_tokens
        )
        if self.temperature is not None:
            settings["temperature"] = self.temperature
        if self.seed is not None:
            settings["seed"] = self.seed
        return settings
