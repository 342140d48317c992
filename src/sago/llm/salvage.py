"""An answer cut off at the output cap keeps the events it finished.

A small model that starts repeating itself runs into the per-request output cap; its JSON
then ends mid-event and would fail whole, and asking again with the same cap fails the
same way. `SalvagedModel` cuts such an answer back to the last complete event of the
`events` array and closes it, so the request costs one call and keeps its complete
events; the rest of what the model was writing is lost, as it would have been anyway.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic_ai.messages import ModelMessage, ModelResponse, TextPart
from pydantic_ai.models import ModelRequestParameters
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings


def complete_events(text: str) -> str | None:
    """`{"events":[...]}` cut to its last complete event, or None if it is no such JSON."""
    start = text.find("[")
    if start < 0 or not text[:start].strip().startswith("{"):
        return None
    depth = 0
    in_string = escaped = False
    last = -1  # index just after the last event object that closed
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 1 and char == "}":
                last = index + 1
            if depth == 0:
                return None  # the array closed: the answer was not cut inside it
    head = text[: start + 1]
    return head + (text[start + 1 : last] if last > 0 else "") + "]}"


class SalvagedModel(WrapperModel):
    """Turns a cut-off `events` answer into a complete one with the events it finished."""

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        response = await self.wrapped.request(messages, model_settings, model_request_parameters)
        if response.finish_reason != "length" or model_request_parameters.output_object is None:
            return response
        text = "".join(p.content for p in response.parts if isinstance(p, TextPart))
        repaired = complete_events(text)
        if repaired is None:
            return response
        return replace(response, parts=[TextPart(content=repaired)], finish_reason="stop")
