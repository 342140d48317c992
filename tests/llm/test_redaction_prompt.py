"""What a cloud model is sent: redacted messages; what the store gets: grounded events.

The real extractor runs against the local provider stub, wrapped as bootstrap wraps it;
the test reads every request the stub received.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sago import bootstrap
from sago.config import Settings
from sago.devtools.llm_stub import LLMStub
from sago.domain.batch import Batch
from sago.domain.message import Source
from sago.redact.extractor import RedactingExtractor
from support.llm_data import chat

SECRETS = ["$185k", "0.8% equity", "+1 415 555 0134", "maya.okafor@gmail.com", "sick leave"]
TEXTS = [
    "We signed the enterprise contract with Ironhaven. Olivia accepted, base is $185k + 0.8% "
    "equity, please keep that between us.",
    "MRR reached $150k this month. Call me on +1 415 555 0134 about the board deck.",
    "We closed our $4M seed round! Details to maya.okafor@gmail.com, Leo is on sick leave.",
]


def _settings(tmp_path: Path, stub: LLMStub, **changes: object) -> Settings:
    return Settings(
        data_dir=tmp_path,
        llm="openai:gpt-4o-mini",
        llm_base_url=stub.openai_url,
        llm_api_key="k",
        llm_max_retries=0,
        **changes,  # type: ignore[arg-type]
    )


def test_the_model_never_sees_withheld_text(tmp_path: Path, llm_stub: LLMStub) -> None:
    extractor = bootstrap.build_extractor(_settings(tmp_path, llm_stub))
    assert isinstance(extractor, RedactingExtractor)
    messages = [chat(n, text) for n, text in enumerate(TEXTS, start=1)]
    try:
        result = extractor.extract(Batch.of("acme", Source.SLACK, messages))
    finally:
        extractor.close()
    prompts = "\n".join(r.prompt for r in llm_stub.requests)
    assert llm_stub.requests
    for secret in SECRETS:
        assert secret not in prompts
    assert "[compensation-" in prompts
    assert "Ironhaven" in prompts  # news stays
    texts = {m.id: m.text for m in messages}
    assert result.events
    for event in result.events:
        for quote in event.evidence:
            assert quote.start is not None
            assert quote.end is not None
            assert texts[quote.message_id][quote.start : quote.end] == quote.quote
            assert not any(s in quote.quote for s in SECRETS), quote
            assert "[compensation-" not in quote.quote


def test_a_local_model_may_read_messages_as_they_are(tmp_path: Path, llm_stub: LLMStub) -> None:
    settings = _settings(tmp_path, llm_stub, redact_for_llm=False)
    extractor = bootstrap.build_extractor(settings)
    try:
        assert not isinstance(extractor, RedactingExtractor)
        extractor.extract(Batch.of("acme", Source.SLACK, [chat(1, TEXTS[0])]))
    finally:
        extractor.close()
    assert "$185k" in llm_stub.requests[0].prompt


def test_unredacted_text_is_refused_for_a_cloud_model() -> None:
    with pytest.raises(ValueError, match="SAGO_REDACT_FOR_LLM=false"):
        Settings(llm="openai:gpt-4o-mini", llm_api_key="k", redact_for_llm=False)
