"""Fixtures for the LLM adapters: a local provider stub and fast retry options."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sago.domain.batch import Batch
from sago.domain.message import Source
from sago.extractors.gemini import GeminiExtractor
from sago.extractors.llm import LLMExtractor
from sago.extractors.llm_common import LLMOptions
from sago.extractors.openai_compat import OpenAICompatExtractor
from support.llm_data import TEXTS, ExtractorFactory, chat
from support.llm_stub import LLMStub

WIRES = ["gemini", "openai"]


@pytest.fixture
def llm_stub() -> Iterator[LLMStub]:
    with LLMStub.running() as stub:
        yield stub


@pytest.fixture
def fast_options() -> LLMOptions:
    """Short backoff and timeouts so failure paths take milliseconds."""
    return LLMOptions(timeout=3.0, max_retries=2, retry_initial_delay=0.01, retry_max_delay=0.05)


@pytest.fixture(params=WIRES)
def make_extractor(
    request: pytest.FixtureRequest, llm_stub: LLMStub, fast_options: LLMOptions
) -> Iterator[ExtractorFactory]:
    """Builds a Gemini or an OpenAI-compatible extractor aimed at the stub (both are run)."""
    built: list[LLMExtractor] = []

    def make(**changes: object) -> LLMExtractor:
        options = LLMOptions(**{**fast_options.__dict__, **changes})  # type: ignore[arg-type]
        extractor: LLMExtractor
        if request.param == "gemini":
            extractor = GeminiExtractor.create(
                "gemini-2.5-flash", api_key="test-key", base_url=llm_stub.url, options=options
            )
        else:
            extractor = OpenAICompatExtractor.create(
                "gpt-4o-mini", api_key=None, base_url=llm_stub.openai_url, options=options
            )
        built.append(extractor)
        return extractor

    yield make
    for extractor in built:
        extractor.close()


@pytest.fixture
def batch() -> Batch:
    return Batch.of("acme", Source.SLACK, [chat(n, t) for n, t in enumerate(TEXTS, start=1)])
