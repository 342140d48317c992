"""Hostile input for the normaliser every reader ends in: whatever text, ids and raw payloads a
reader hands over, the Message can be stored and read back, and says what it was given."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from sago.domain.message import Message
from sago.sources.normalise import (
    MAX_RAW_DEPTH,
    chat_message,
    clean_text,
    email_message,
    split_subject,
    thread_key,
)
from support.hostile import json_value, run_cases, text_of

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SURROGATE = re.compile("[\ud800-\udfff]")


def depth(value: Any) -> int:
    """Nesting levels of containers, counted without recursion (inputs go 370 deep)."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            deepest = max(deepest, level + 1)
            todo.extend((child, level + 1) for child in children)
    return deepest


def has_surrogate(text: str) -> bool:
    return SURROGATE.search(text) is not None


def roundtrips(message: Message) -> None:
    dumped = message.model_dump_json()
    dumped.encode("utf-8")  # what every store and the Kafka queue do with it
    back = Message.model_validate_json(dumped)
    assert back.model_dump_json() == dumped
    assert (back.id, back.text, back.sender, back.timestamp) == (
        message.id,
        message.text,
        message.sender,
        message.timestamp,
    )


def fields(blob: bytes) -> tuple[str, str, str, Any, datetime]:
    """Id, sender, text, raw payload (or None) and time, all read from one blob.

    One draw per case keeps Hypothesis' own cost low enough for 10,000 cases.
    """
    seconds = int.from_bytes(blob[:4].ljust(4, b"\0"), "big")  # 1970 to 2106
    offset = timedelta(minutes=int.from_bytes(blob[4:6].ljust(2, b"\0"), "big") % 1681 - 840)
    moment = (EPOCH + timedelta(seconds=seconds)).astimezone(timezone(offset))
    raw = {"payload": json_value(blob[102:150])} if blob[6:7] > b"\x7f" else None
    native_id = text_of(blob[7:30]) or "x"
    return native_id, text_of(blob[30:54]), text_of(blob[54:102]), raw, moment


def test_the_normaliser_survives_hostile_fields() -> None:
    def check(blob: bytes) -> None:
        native_id, sender, content, raw, moment = fields(blob)
        chat = chat_message(
            native_id=native_id,
            company_id="acme",
            sender=sender,
            text=content,
            moment=moment,
            raw=raw,
        )
        subject, body = split_subject(content)
        mail = email_message(
            native_id=native_id,
            company_id="acme",
            sender=sender,
            subject=subject,
            body=body,
            moment=moment,
            raw=raw,
        )
        for message in (chat, mail):
            roundtrips(message)
            assert message.timestamp == moment
            assert message.timestamp.utcoffset() == timedelta(0)
            assert message.id == clean_text(native_id)
            assert not has_surrogate(message.model_dump_json(round_trip=True))
            assert depth(message.raw) <= MAX_RAW_DEPTH
            if (
                raw is not None
                and depth(raw) <= MAX_RAW_DEPTH
                and not has_surrogate(json.dumps(raw, ensure_ascii=False))
            ):
                assert message.raw == raw  # a sane payload is kept as given
        assert chat.text == clean_text(content).replace("\x00", "")
        assert mail.text == clean_text(body).replace("\x00", "")
        assert content.endswith(body)
        if subject is not None:
            assert "\n" not in subject
        assert thread_key(f"Re: {subject or ''}") == thread_key(subject)

    run_cases("normalise", st.binary(max_size=150), check)


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    # Regression: Slack JSON may carry "\ud83d" without its partner; Message refused it
    # with a ValidationError that stopped the whole export.
    message = chat_message(
        native_id="general/1.5",
        company_id="acme",
        sender="Maya \ud800",
        text="we closed \ud83d!",
        moment=EPOCH,
        raw={"text": "we closed \ud83d!", "blocks": [{"\udfff": "x"}]},
    )
    assert message.text == "we closed \ufffd!"
    assert message.sender == "Maya \ufffd"
    assert message.raw == {"text": "we closed \ufffd!", "blocks": [{"\ufffd": "x"}]}
    roundtrips(message)


def test_a_raw_payload_nested_past_the_cap_is_cut_and_still_stored() -> None:
    # Regression: a 300-level `raw` serialised but could not be read back (pydantic's JSON
    # reader stops near 200 levels), and at ~250 levels it could not even be serialised.
    nested: Any = "bottom"
    for _ in range(300):
        nested = [nested]
    message = chat_message(
        native_id="1", company_id="acme", sender="x", text="hi", moment=EPOCH, raw={"n": nested}
    )
    assert depth(message.raw) == MAX_RAW_DEPTH
    roundtrips(message)
