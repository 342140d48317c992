"""Asks of investors: listed under a heading, or a request that names who could help."""

from __future__ import annotations

from sago.domain.asks import MAX_ASKS, asks_in, find_asks
from support.factories import message


def test_a_listed_ask_and_a_request_to_investors_are_asks_an_internal_one_is_not() -> None:
    listed = message(1, text="Update\n\nOur asks:\n- Intro to a DSO operator\n- A CFO\n\nThanks")
    assert asks_in(listed) == ["Intro to a DSO operator", "A CFO"]
    outward = message(2, text="If any of our investors know a buyer, an intro to them would help.")
    assert asks_in(outward) != []
    assert asks_in(message(3, text="Can someone intro me to the new designer?")) == []


def test_find_asks_is_newest_first_distinct_and_skips_the_messages_that_ask_nothing() -> None:
    chatter = [message(n, text=f"standup notes {n}") for n in range(10, 200)]
    old = message(1, minutes=1, text="Asks:\n- Intro to a DSO operator")
    new = message(2, minutes=500, text="Asks:\n- intro to a  DSO operator\n- A CFO")
    found = find_asks(iter([old, *chatter, new]))  # a one-pass stream, as the store gives
    assert [(text, m.id) for text, m in found] == [
        ("intro to a DSO operator", new.id),
        ("A CFO", new.id),
    ]


def test_find_asks_keeps_at_most_max_asks() -> None:
    many = message(1, text="Asks:\n" + "\n".join(f"- Intro to buyer {n}" for n in range(9)))
    assert len(find_asks([many])) == MAX_ASKS
