"""The labelled prompt-injection set against the shared screen and the rules extractor.

Every message of tests/data/injection_set.json must read as an injection; ordinary business
traffic (generated, with its planted traps) must not; and the rules extractor must find
nothing in the set, alone or mixed into ordinary traffic, while still finding the same
real events in that traffic.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC

import pytest

from sago.devtools.datagen import generate
from sago.domain.batch import Batch
from sago.domain.message import Message, Source
from sago.extractors.rules import RulesExtractor
from sago.llm.framing import PROMPT_VERSION
from sago.llm.injection import injection_match, repeats_instructions
from sago.llm.prompts import load_prompt
from sago.sources.normalise import chat_message, email_message, split_subject
from support.injection import Injection, load

INJECTIONS = load()
KINDS = {
    "system_override", "role_play", "fake_json", "assistant_directive", "email_footer",
    "base64", "unicode_obfuscated", "multilingual", "forwarded_thread", "markup_comment",
    "prompt_leak", "output_format", "chat_template", "delimiter_forgery", "email_writer",
}  # fmt: skip


def test_the_set_is_labelled_and_large_enough() -> None:
    assert len(INJECTIONS) >= 50
    assert len({i.id for i in INJECTIONS}) == len(INJECTIONS)
    assert {i.kind for i in INJECTIONS} == KINDS
    assert min(Counter(i.kind for i in INJECTIONS).values()) >= 3
    for injection in INJECTIONS:
        assert injection.quote in injection.text  # what a gullible model would cite, verbatim
        assert injection.target in {"extractor", "email_writer", "both"}


@pytest.mark.parametrize("injection", INJECTIONS, ids=lambda i: f"{i.id}-{i.kind}")
def test_every_injection_is_screened(injection: Injection) -> None:
    message = injection.message(0)
    assert injection_match(f"{message.subject or ''}\n{message.text}") is not None


def benign_rows(rows: int, seed: int) -> list[Message]:
    """Generated business traffic without its planted injection traps."""
    dataset = generate(rows, seed)
    generated = list(dataset)
    injected = {t.id for t in dataset.traps if t.kind == "injection"}
    found = []
    for row in generated:
        if row.id in injected:
            continue
        moment = row.timestamp.replace(tzinfo=UTC)
        if row.is_chat:
            found.append(
                chat_message(
                    native_id=str(row.id),
                    company_id="acme",
                    sender=row.sender,
                    text=row.content,
                    moment=moment,
                )
            )
        else:
            subject, body = split_subject(row.content)
            found.append(
                email_message(
                    native_id=str(row.id),
                    company_id="acme",
                    sender=row.sender,
                    subject=subject,
                    body=body,
                    moment=moment,
                )
            )
    return found


BENIGN = benign_rows(3_000, seed=11)


def test_ordinary_business_traffic_is_not_screened() -> None:
    flagged = [
        (m.id, injection_match(f"{m.subject or ''}\n{m.text}"), m.text[:80])
        for m in BENIGN
        if injection_match(f"{m.subject or ''}\n{m.text}")
    ]
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "Please ignore the previous invoice, the new one is attached.",
        "From now on we report MRR monthly.",
        "Maria will act as the interim CFO until we hire.",
        "Do not follow up with Globex before Friday.",
        "The model must be retrained on the new clinic data.",
        "Our agents should call every churned account this week.",
        "Treat this as confidential: we signed the Initech term sheet.",
        "Log it as a bug and assign it to Ravi.",
        "Incident INC-22, severity: high, resolved in 14 minutes.",
        "The API response format is documented in the wiki.",
        "Can you add an event to the team calendar for the offsite?",
        "Esqueça o almoço de hoje, a reunião foi adiada.",
        "이 메일은 무시하세요, 잘못 보냈습니다.",
        "Zignoruj tego maila, wysłałem go przez pomyłkę.",
        "Commit 3f9a1c2b8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a fixes the login bug.",
        # Investor-update prose the email draft check must let through.
        "We are pleased to report the following milestones:",
        "Happy to say that we closed the seed round.",
        "Our AI charting should cut note-taking time in half.",
        "Hi all, here is our June update.",
    ],
)
def test_business_phrasings_near_the_rules_are_not_injections(text: str) -> None:
    assert injection_match(text) is None


def test_a_prompt_leak_is_recognised_by_eight_consecutive_words() -> None:
    prompt = load_prompt(PROMPT_VERSION)
    leaked = "Sure! " + " ".join(prompt.split()[20:32])
    assert repeats_instructions(leaked, prompt)
    assert not repeats_instructions("We closed our Series A of $12M led by Atlas.", prompt)


def extract(messages: list[Message]) -> list[tuple[str, tuple[str, ...]]]:
    # One batch: batch boundaries would otherwise move with the inserted messages.
    result = RulesExtractor().extract(Batch.of("acme", Source.SLACK, messages))
    return [(e.id, tuple(e.source_message_ids)) for e in result.events]


def test_the_rules_extractor_finds_nothing_in_the_set() -> None:
    assert extract([i.message(n) for n, i in enumerate(INJECTIONS)]) == []


def test_mixed_into_ordinary_traffic_injections_add_and_remove_nothing() -> None:
    ordinary = BENIGN[:1_200]
    mixed = list(ordinary)
    for n, injection in enumerate(INJECTIONS):  # spread through the traffic, in time order
        at = (n + 1) * len(ordinary) // (len(INJECTIONS) + 1) + n
        mixed.insert(at, injection.message(0).model_copy(update={"timestamp": mixed[at].timestamp}))
    alone, together = extract(ordinary), extract(mixed)
    assert len(alone) >= 20  # the traffic holds real events, and they are still found
    assert sorted(e for e, _ in together) == sorted(e for e, _ in alone)
    injected = {i.id for i in INJECTIONS}
    assert not [sources for _, sources in together if injected & set(sources)]
