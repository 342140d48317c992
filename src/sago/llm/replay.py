"""`CachedModel`: the replay cache wrapped around a model once, in the wiring."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from pydantic_ai.messages import ModelMessage, ModelMessagesTypeAdapter, ModelResponse
from pydantic_ai.models import Model, ModelRequestParameters
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings
from pydantic_ai.usage import RequestUsage

from sago.llm.cache import ReplayCache
from sago.llm.metered import request_text

# Settings that change what a model answers; timeouts and retries do not.
_SAMPLING = ("max_tokens", "temperature", "top_p", "seed")


def request_key(
    model_name: str,
    messages: list[ModelMessage],
    model_settings: ModelSettings | None,
    parameters: ModelRequestParameters,
) -> str:
    settings = model_settings or {}
    output = parameters.output_object
    material = {
        "model": model_name,
        "request": request_text(messages),
        "schema": output.json_schema if output is not None else None,
        "mode": parameters.output_mode,
        "settings": {k: settings.get(k) for k in _SAMPLING},
    }
    encoded = json.dumps(material, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


class CachedModel(WrapperModel):
    """Answers a request seen before from `cache`; a hit reaches no provider and costs 0."""

    def __init__(self, wrapped: Model, *, cache: ReplayCache, identity: str) -> None:
        super().__init__(wrapped)
        self.cache = cache
        self.identity = identity  # the provider and model (a local file's name and size)
        self.hits = 0

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        key = request_key(self.identity, messages, model_settings, model_request_parameters)
        stored = self.cache.get(key)
        if stored is not None:
            [response] = ModelMessagesTypeAdapter.validate_json(stored)
            if isinstance(response, ModelResponse):
                self.hits += 1
                return replace(response, usage=RequestUsage())
        response = await self.wrapped.request(messages, model_settings, model_request_parameters)
        self.cache.put(key, ModelMessagesTypeAdapter.dump_json([response]))
        return response
