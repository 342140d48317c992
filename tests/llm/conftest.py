"""Fixtures for the LLM adapters: a local provider stub and fast retry options."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sago import bootstrap
from sago.config import Settings
from sago.devtools.llm_stub import LLMStub
from sago.domain.batch import Batch
from sago.domain.message import Source
from sago.extractors.llm import LLMExtractor
from sago.llm.options import LLMOptions
from support.llm_data import FAST, TEXTS, ExtractorFactory, chat, llm_settings

WIRES = ["gemini", "openai"]


@pytest.fixture
def llm_stub() -> Iterator[LLMStub]:
    with LLMStub.running() as stub:
        yield stub


@pytest.fixture
def fast_options() -> LLMOptions:
    """Short backoff and timeouts so failure paths take milliseconds."""
    return bootstrap.llm_options(Settings(**FAST))


@pytest.fixture(params=WIRES)
def make_extractor(
    request: pytest.FixtureRequest, llm_stub: LLMStub, fast_options: LLMOptions
) -> Iterator[ExtractorFactory]:
    """Builds a Gemini or an OpenAI-compatible extractor aimed at the stub (both are run),
    the way `sago run` does: Settings through bootstrap. Changes name Settings fields."""
    built: list[LLMExtractor] = []

    def make(**changes: object) -> LLMExtractor:
        settings = llm_settings(request.param, llm_stub, **changes)
        extractor = bootstrap.build_extractor(settings)
        assert isinstance(extractor, LLMExtractor)
        built.append(extractor)
        return extractor

    yield make
    for extractor in built:
        extractor.close()


@pytest.fixture
def batch() -> Batch:
    return Batch.of("acme", Source.SLACK, [chat(n, t) for n, t in enumerate(TEXTS, start=1)])
