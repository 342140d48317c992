"""OpenAI and OpenAI-compatible servers (Ollama, vLLM, llama.cpp) via Chat Completions.

Without a base URL this is OpenAI itself and needs OPENAI_API_KEY. With SAGO_LLM_BASE_URL
it is any server speaking `/v1/chat/completions`, where a key is optional; such servers get
Pydantic AI's generic OpenAI-compatible profile rather than OpenAI's own feature flags.
The OpenAI SDK retries 408/409/429/5xx and timeouts itself, honouring Retry-After.
"""

from __future__ import annotations

from sago.errors import missing_extra

try:
    import httpx2 as httpx
    from pydantic_ai.models import Model
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider
    from pydantic_ai.providers.openai_compatible import OpenAICompatibleProvider
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise missing_extra("pydantic-ai-slim[openai]", "openai") from exc

# Local servers ignore the key, but the OpenAI client refuses to start without one.
_NO_KEY = "unset"


def openai_model(
    model_name: str,
    *,
    api_key: str | None,
    base_url: str | None,
    http_client: httpx.AsyncClient | None = None,
) -> Model:
    """An OpenAIChatModel for OpenAI, or for the server at `base_url`."""
    if base_url:
        compatible = OpenAICompatibleProvider(
            "openai-compatible",
            base_url=base_url,
            api_key=api_key or _NO_KEY,
            http_client=http_client,
        )
        return OpenAIChatModel(model_name, provider=compatible)
    if not api_key:
        raise ValueError(
            f"SAGO_LLM=openai:{model_name} needs OPENAI_API_KEY (or SAGO_LLM_API_KEY), or "
            "SAGO_LLM_BASE_URL pointing at a local server such as Ollama or vLLM"
        )
    return OpenAIChatModel(model_name, provider=OpenAIProvider(api_key=api_key))
