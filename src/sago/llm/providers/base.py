"""A model endpoint the LLM extractor and the LLM email writer share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic_ai.models import Model


@dataclass
class Provider:
    """Builds Pydantic AI models for one endpoint, plus what Sago knows about it.

    Each LLM component gets its own model from `model()`: a model's HTTP client belongs to
    the event loop of the component using it, so two components cannot share one.

    `context_tokens` is the window the endpoint really has when Sago knows it (a local
    server it started), so requests are sized to it; None leaves SAGO_LLM_CONTEXT_TOKENS in
    charge. `close` releases what the provider started (a local server), once.
    """

    name: str
    make_model: Callable[[], Model] = field(repr=False)
    context_tokens: int | None = None
    on_close: Callable[[], None] | None = field(default=None, repr=False)

    def close(self) -> None:
        closer, self.on_close = self.on_close, None
        if closer is not None:
            closer()

    def model(self) -> Model:
        return self.make_model()
