"""The model `sago bench --llm-stub` measures against: answers "no events", counts tokens.

Token counts are estimates, reported the way a provider reports them: prompt tokens are
the request body's characters / 4 (messages, instructions and the output schema, as a
provider bills them), completion tokens the answer's characters / 4. The answer is the
shortest valid one, so output tokens per 1,000 messages are a floor, not a model's figure.
"""

from __future__ import annotations

import json
from typing import Any

from sago.devtools.stub_server import StubModel, chat_completion

ANSWER = json.dumps({"events": []})


class StubLLM(StubModel):
    """Counts requests and estimated tokens; use `StubLLM.running()`."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def answer(self, body: bytes) -> tuple[int, dict[str, Any]]:
        request = json.loads(body or b"{}")
        prompt, completion = len(body) // 4, len(ANSWER) // 4
        with self._lock:
            self.requests += 1
            self.prompt_tokens += prompt
            self.completion_tokens += completion
        model = str(request.get("model", "bench-stub"))
        return 200, chat_completion(model, ANSWER, prompt, completion)
