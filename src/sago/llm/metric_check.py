"""A metric a model reports must be a number one of the cited messages states.

"$7.2M" for a message that says "$72k" is the failure this stops: the model's value is
compared with every number in the cited messages' text and subject, read the way the
email check reads them (`$1.2M`, `1,200,000` and `1.2 million` are one number; a
percentage also stands for its fraction). A value within 0.5% of one of them passes (a
model may round "1.25M" to 1250000.0); anything else is dropped and counted. Text
values ("Series A") are not numbers and are kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from sago.domain.event import Metric
from sago.domain.message import Message
from sago.domain.numbers import numbers_in

TOLERANCE = 0.005


def stated_numbers(messages: Iterable[Message]) -> set[float]:
    values: set[float] = set()
    for message in messages:
        for _, candidates, _ in numbers_in(f"{message.subject or ''}\n{message.text}"):
            values.update(candidates)
    return values


def is_stated(value: float, stated: set[float]) -> bool:
    if value in stated:
        return True
    return any(abs(value - known) <= TOLERANCE * abs(known) for known in stated if known)


def check_metrics(
    metrics: Iterable[Metric], cited: Iterable[Message]
) -> tuple[list[Metric], list[str]]:
    """The metrics a cited message states, and a reason for each one dropped."""
    stated = stated_numbers(cited)
    kept: list[Metric] = []
    dropped: list[str] = []
    for metric in metrics:
        if isinstance(metric.value, float) and not is_stated(metric.value, stated):
            dropped.append(f"metric {metric.name}={metric.value:g} is in no cited message")
        else:
            kept.append(metric)
    return kept, dropped
