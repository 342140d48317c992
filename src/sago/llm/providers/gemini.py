"""Gemini (Google AI Studio API) through Pydantic AI's GoogleModel.

The google-genai client retries nothing unless told to, so the provider gets explicit
HttpRetryOptions: exponential backoff with jitter on 408/429/5xx and transport errors.
"""

from __future__ import annotations

from sago.errors import missing_extra

try:
    from google.genai.types import HttpRetryOptions
    from pydantic_ai.models import Model
    from pydantic_ai.models.google import GoogleModel
    from pydantic_ai.providers.google import GoogleProvider
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise missing_extra("pydantic-ai-slim[google]", "gemini") from exc

from sago.llm.options import RETRY_STATUSES, LLMOptions

# A stand-in key for a keyless endpoint (a local stub or proxy); the real API rejects it.
_NO_KEY = "unset"


def gemini_model(
    model_name: str, *, api_key: str | None, base_url: str | None, options: LLMOptions
) -> Model:
    """A GoogleModel with retries, aimed at `base_url` when given (SAGO_LLM_BASE_URL)."""
    if not api_key and not base_url:
        raise ValueError(
            f"SAGO_LLM=gemini:{model_name} needs an API key: set GOOGLE_API_KEY "
            "(or GEMINI_API_KEY, or SAGO_LLM_API_KEY)"
        )
    retry = HttpRetryOptions(
        attempts=options.max_retries + 1,
        initial_delay=options.retry_initial_delay,
        max_delay=options.retry_max_delay,
        http_status_codes=list(RETRY_STATUSES),
    )
    provider = GoogleProvider(api_key=api_key or _NO_KEY, base_url=base_url, retry_options=retry)
    return GoogleModel(model_name, provider=provider)
