"""The one LLM stub: the chaos outage switch and the hashed answers it serves for chaos."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from sago.devtools.llm_stub import LLMStub, hashed_events, hashed_responder
from sago.llm.framing import PREAMBLE


def _ask(stub: LLMStub, prompt: str) -> dict[str, Any]:
    body = {"model": "m", "messages": [{"role": "user", "content": prompt}]}
    request = urllib.request.Request(
        f"{stub.openai_url}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        payload: dict[str, Any] = json.loads(answer.read())
    return payload


def _prompt(count: int) -> str:
    lines = "\n".join(f"[m{i}] we shipped feature number {i} today" for i in range(count))
    return f"{PREAMBLE}acme:\n{lines}"


def test_down_answers_500_and_counts_the_failures() -> None:
    with LLMStub.running(hashed_responder, record=False) as stub:
        stub.down = True
        with pytest.raises(urllib.error.HTTPError) as failure:
            _ask(stub, _prompt(3))
        failure.value.close()  # it holds the connection
        assert failure.value.code == 500
        stub.down = False
        _ask(stub, _prompt(3))
    assert (stub.calls, stub.failed, stub.requests) == (2, 1, [])


def test_hashed_answers_depend_only_on_the_messages() -> None:
    messages = [(f"m{i}", f"we shipped feature number {i} today") for i in range(200)]
    events = hashed_events(messages)
    assert 0 < len(events) < len(messages)  # about one in ten
    assert hashed_events(list(reversed(messages))) == list(reversed(events))
    with LLMStub.running(hashed_responder) as stub:
        answer = _ask(stub, _prompt(200))
    content = json.loads(answer["choices"][0]["message"]["content"])
    assert content == {"events": events}
    assert [i for i, _ in stub.requests[0].messages] == [m for m, _ in messages]
