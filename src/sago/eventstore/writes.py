"""The write every event store shares: reports in, parts kept, stories resolved.

An upsert cuts reports into per-message parts (`domain.reports.split_by_message`), keeps
them, and re-resolves every story they touch (`domain.resolution.resolve_story`) from
all of that story's parts, so the stored events are a function of the set of parts,
whatever order batches arrive in. With `sources` (the batch's messages and their
versions), the parts are everything those messages now say: what an older version said
is dropped, and a report from a version older than one already stored is ignored.

Adapters supply a `StoryTransaction`: reads and writes inside one transaction, and locks
that serialise writers touching the same messages or stories (taken messages first,
then stories, each in one sorted order, so writers never deadlock on them).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from sago.domain.event import SignificantEvent, id_order, merge_events
from sago.domain.reports import SourceVersion
from sago.domain.resolution import part_key, parts_of, resolve_story, story_of
from sago.eventstore.base import UpsertResult

Stored = tuple[str, SignificantEvent]
"""(story, event or part) as a store keeps it."""


class StoryTransaction(ABC):
    """What `write_reports` needs from a store, all inside one open transaction."""

    def lock_messages(self, company_id: str, message_ids: Sequence[str]) -> None:  # noqa: B027
        """Hold other writers of these messages off until commit (no-op for a single writer)."""

    def lock_stories(self, company_id: str, stories: Sequence[str]) -> None:  # noqa: B027
        """Hold other writers of these stories off until commit (no-op for a single writer)."""

    @abstractmethod
    def versions(self, company_id: str, message_ids: Sequence[str]) -> dict[str, int]:
        """The stored version of each message among `message_ids` that has one."""

    @abstractmethod
    def save_versions(self, company_id: str, versions: Mapping[str, int]) -> None: ...

    @abstractmethod
    def stories_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        """Stories of the parts these messages have."""

    @abstractmethod
    def delete_parts_of(self, company_id: str, message_ids: Sequence[str]) -> None: ...

    @abstractmethod
    def parts(self, company_id: str, stories: Sequence[str]) -> list[Stored]: ...

    @abstractmethod
    def save_parts(self, company_id: str, parts: Sequence[Stored]) -> None:
        """Insert or replace parts by (message id, report id)."""

    @abstractmethod
    def events(self, company_id: str, stories: Sequence[str]) -> list[Stored]: ...

    @abstractmethod
    def save_events(self, company_id: str, events: Sequence[Stored]) -> None:
        """Insert or replace events by id."""

    @abstractmethod
    def delete_events(self, company_id: str, event_ids: Sequence[str]) -> None: ...


def write_reports(
    tx: StoryTransaction,
    reports: Sequence[SignificantEvent],
    sources: Sequence[SourceVersion] | None = None,
) -> UpsertResult:
    """Store `reports` (see the module docstring); all of it inside `tx`."""
    result = UpsertResult()
    companies = {r.company_id for r in reports} | {s.company_id for s in sources or ()}
    for company_id in sorted(companies):
        mine = [r for r in reports if r.company_id == company_id]
        versions = None if sources is None else [s for s in sources if s.company_id == company_id]
        inserted = _write_company(tx, company_id, mine, versions)
        result.inserted += inserted
        result.merged += max(0, len(mine) - inserted)
    return result


def _write_company(
    tx: StoryTransaction,
    company_id: str,
    reports: Sequence[SignificantEvent],
    sources: Sequence[SourceVersion] | None,
) -> int:
    incoming = parts_of(reports)
    replaced: list[str] = []
    newest: dict[str, SourceVersion] = {}
    changes: dict[str, SourceVersion] = {}
    stories: set[str] = set()
    if sources is not None:
        newest = _newest(sources)
        replaced = sorted(newest, key=id_order)
        tx.lock_messages(company_id, replaced)
        known = tx.versions(company_id, replaced)
        stale = {i for i, s in newest.items() if s.version < known.get(i, -1)}
        replaced = [i for i in replaced if i not in stale]
        incoming = {k: p for k, p in incoming.items() if k[0] not in stale}
        changes = {i: newest[i] for i in replaced if i in known and newest[i].version > known[i]}
    # The stories these messages told before: a part may move to another story.
    cited = sorted({*replaced, *(key[0] for key in incoming)}, key=id_order)
    stories |= tx.stories_of_messages(company_id, cited)
    stories |= {story_of(p) for p in incoming.values()}
    _lock(tx, company_id, stories, cited)
    if sources is not None:
        tx.delete_parts_of(company_id, replaced)
        tx.save_versions(company_id, {i: newest[i].version for i in replaced})
    ordered = sorted(stories)
    stored = {part_key(part): (story, part) for story, part in tx.parts(company_id, ordered)}
    changed: list[Stored] = []
    for key, part in sorted(incoming.items()):
        known_part = stored.get(key)
        merged = part if known_part is None else merge_events(known_part[1], part)
        if known_part is None or known_part != (story_of(merged), merged):
            stored[key] = (story_of(merged), merged)
            changed.append(stored[key])
    tx.save_parts(company_id, changed)
    return _resolve(tx, company_id, ordered, stored.values(), changes)


def _newest(sources: Iterable[SourceVersion]) -> dict[str, SourceVersion]:
    newest: dict[str, SourceVersion] = {}
    for source in sources:
        known = newest.get(source.message_id)
        if known is None or source.version > known.version:
            newest[source.message_id] = source
    return newest


def _lock(tx: StoryTransaction, company_id: str, stories: set[str], cited: list[str]) -> None:
    tx.lock_stories(company_id, sorted(stories))
    # Another writer may have given these messages parts in another story since we
    # looked: lock those too, so their events are resolved again below.
    while cited:
        more = tx.stories_of_messages(company_id, cited) - stories
        if not more:
            return
        stories |= more
        tx.lock_stories(company_id, sorted(more))


def _resolve(
    tx: StoryTransaction,
    company_id: str,
    stories: Sequence[str],
    stored: Iterable[Stored],
    changes: Mapping[str, SourceVersion],
) -> int:
    """Resolve each story again; write what changed. Returns how many events are new."""
    parts: dict[str, list[SignificantEvent]] = defaultdict(list)
    for story, part in stored:
        parts[story].append(part)
    previous: dict[str, list[SignificantEvent]] = defaultdict(list)
    for story, event in tx.events(company_id, stories):
        previous[story].append(event)
    known = {e.id: e for events in previous.values() for e in events}
    writes: list[Stored] = []
    produced: set[str] = set()
    for story in stories:
        for event in resolve_story(
            company_id, story, parts.get(story, []), previous.get(story, []), changes
        ):
            produced.add(event.id)
            if known.get(event.id) != event:
                writes.append((story, event))
    gone = sorted(set(known) - produced)
    tx.delete_events(company_id, gone)
    tx.save_events(company_id, writes)
    return len(produced - set(known))


def legacy_parts(event: SignificantEvent) -> list[Stored]:
    """The parts of an event stored before parts were kept: a store migrating to them
    writes these, so the next report of the event merges with all it had."""
    story = story_of(event)
    return [(story, part) for part in parts_of([event]).values()]
