"""A figure as one point of a series: which of a clause's amounts is the current value and
which the previous one, the month it is for, and whether it is bad news. Shared by the
revenue, growth and other detectors that report figures.
"""

from __future__ import annotations

import re

from sago.domain.event import Metric
from sago.extractors.rules.dates import period_of
from sago.extractors.rules.detectors.base import Ctx
from sago.extractors.rules.quantities import Quantity


def signed_change(metric: Metric, negative: bool, series: str) -> Metric:
    """A fall's percentage change is negative: "MRR fell 3.5% to $221k" is -3.5."""
    value = metric.value
    changes = {"change_pct", f"{series}_pct"}
    if negative and metric.name in changes and isinstance(value, float) and value > 0:
        return metric.model_copy(update={"value": -value})
    return metric


def previous_split(ctx: Ctx, amounts: list[Quantity]) -> tuple[Quantity, Quantity | None]:
    """(current, previous) among the amounts of one figure: "$1.38M, down from $1.42M",
    "from $1.2M to $1.1M", "$1.42M (January: $1.31M)"."""
    if len(amounts) == 1:
        return amounts[0], None
    first, second = amounts[0], amounts[1]
    if is_arrow(ctx, first.end, second.start):
        return second, first  # "from $1.2M to $1.1M", "$1.2M → $1.1M"
    before_second = ctx.low[max(first.end, second.start - 25) : second.start]
    previous = ctx.pattern("previous_cue").pattern
    if re.search(rf"(?:{previous})\s*[:(]?\s*$", before_second) or re.search(
        r"\(\s*[^\W\d]+\s*:?\s*$", before_second
    ):
        return first, second  # "$1.38M, down from $1.42M", "$1.42M (January: $1.31M)"
    return first, None


def is_arrow(ctx: Ctx, start: int, end: int) -> bool:
    arrow = ctx.pattern("arrow_cue").pattern
    return re.fullmatch(rf"\s*(?:{arrow})\s*", ctx.low[start:end]) is not None


def figure_period(ctx: Ctx, amount: Quantity | int, previous: Quantity | None = None) -> str:
    """The month a figure is for: named before it in its clause ("ARR ended March at"), or
    after it but before the figure it is compared with; else named in the sentence before
    it on the same line ("March close is done. ARR ended the month at …"), else in the
    subject line; an update or a close sent in a month's first week reports the last one."""
    cal = ctx.tools.calendar
    reference = ctx.doc.message.timestamp.date()
    pos = amount if isinstance(amount, int) else amount.start
    start, end = ctx.clause(pos)
    stop = previous.start if previous is not None and previous.start > pos else end
    month = cal.month(ctx.low, start, pos) or cal.month(ctx.low, pos, stop)
    if month is None:
        line = [
            s
            for s in ctx.doc.sentences
            if s.line == ctx.sentence.line and s.end <= ctx.sentence.start
        ]
        if line:
            month = cal.month(ctx.low, line[-1].start, line[-1].end)
    if month is None:
        head = (ctx.doc.message.subject or "").lower() + " " + ctx.low[:120]
        month = cal.month(head, 0, len(head))
    if month is None and reference.day <= 7 and ctx.has("report_cue", 0, len(ctx.low)):
        month = 12 if reference.month == 1 else reference.month - 1
    return period_of(month, reference)


def is_bad_news(
    ctx: Ctx, start: int, end: int, current: Quantity, previous: Quantity | None
) -> bool:
    """True for bad news: a decline, or a target missed."""
    if previous is not None and previous.value > current.value * 1.001:
        return True
    if previous is not None and previous.value < current.value:
        return False
    return ctx.has("decline_cue", start, end) or ctx.has("missed_cue", start, end)


def unique_metrics(metrics: list[Metric]) -> list[Metric]:
    seen: dict[str, Metric] = {}
    for metric in metrics:
        seen.setdefault(metric.name, metric)
    return list(seen.values())
