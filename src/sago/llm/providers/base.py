"""A model endpoint the LLM extractor and the LLM email writer share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic_ai.models import Model


@dataclass
class Speed:
    """Tokens per second the server reported, averaged over recent requests."""

    prompt_tps: float | None = None
    output_tps: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def note(self, prompt_tps: float | None, output_tps: float | None) -> None:
        with self._lock:
            self.prompt_tps = _blend(self.prompt_tps, prompt_tps)
            self.output_tps = _blend(self.output_tps, output_tps)


def _blend(old: float | None, new: float | None) -> float | None:
    if new is None or new <= 0:
        return old
    return new if old is None else 0.7 * old + 0.3 * new


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
    # Measured speed of the endpoint (a local server reports it), or None when unknown.
    speed: Speed | None = None
    # What identifies the model's answers in the replay cache (default: the name).
    identity: str = ""
    on_close: Callable[[], None] | None = field(default=None, repr=False)

    def close(self) -> None:
        closer, self.on_close = self.on_close, None
        if closer is not None:
            closer()

    def __post_init__(self) -> None:
        self.identity = self.identity or self.name

    def model(self) -> Model:
        return self.make_model()
