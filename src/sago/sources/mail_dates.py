"""Which time a mail was sent: its Date header, unless the transport says it cannot be.

A Date header is written by the sender's machine and is sometimes absurd (year 3609, a
clock reset to 1980). The Received hops (and Gmail's internalDate) are stamped by servers
on the way, so a Date far in the future, after delivery, or long before the first hop is
*suspect*: the first hop's time is used instead and the message's notes say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

# Clocks drift and queues delay mail: a Date this far after delivery (or now) is wrong.
FUTURE_TOLERANCE = timedelta(days=2)
# Mail can sit in an outbox for a while, but not for months before its first hop.
PAST_TOLERANCE = timedelta(days=30)


def choose_date(
    date: datetime | None,
    hops: Sequence[datetime],
    fallbacks: Sequence[datetime | None] = (),
    now: datetime | None = None,
) -> tuple[datetime | None, str | None]:
    """The message time and, when the Date header was not used as given, why.

    `hops` are the server-stamped times (Received, internalDate); `fallbacks` are used in
    order when there is no Date header at all (e.g. the mbox `From ` line's date).
    """
    now = now or datetime.now(UTC)
    if date is None:
        for moment in (*hops[:1], *fallbacks):
            if moment is not None:
                return moment, None
        return None, None
    why = _suspect(date, hops, now)
    if why is None:
        return date, None
    shown = f"{date:%Y-%m-%d %H:%M} UTC"
    if hops:
        first = min(hops)
        return first, (
            f"suspect: the Date header ({shown}) {why}; "
            f"used the first Received hop ({first:%Y-%m-%d %H:%M} UTC)"
        )
    for moment in fallbacks:
        if moment is not None and _suspect(moment, (), now) is None:
            return moment, (
                f"suspect: the Date header ({shown}) {why}; "
                f"used the mbox delivery time ({moment:%Y-%m-%d %H:%M} UTC)"
            )
    return date, f"suspect: the Date header ({shown}) {why}; no other time known, kept"


def _suspect(date: datetime, hops: Sequence[datetime], now: datetime) -> str | None:
    if date > now + FUTURE_TOLERANCE:
        return "is in the future"
    if not hops:
        return None
    if date > max(hops) + FUTURE_TOLERANCE:
        return "is after the mail was delivered"
    if date < min(hops) - PAST_TOLERANCE:
        return "is long before the first Received hop"
    return None
