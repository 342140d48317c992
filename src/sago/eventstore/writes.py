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
from collections.abc import Set as AbstractSet

from sago.domain.event import EventStatus, SignificantEvent, id_order
from sago.domain.merge import merge_events
from sago.domain.reports import SourceVersion
from sago.domain.resolution import (
    assign_stories,
    part_key,
    parts_of,
    resolve_story,
    series_of_story,
    story_of,
)
from sago.domain.series import settle_series
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
    def reports_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        """Report ids of the parts these messages have."""

    @abstractmethod
    def stories_of_reports(self, company_id: str, report_ids: Sequence[str]) -> set[str]:
        """Stories of the parts with these report ids."""

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
    def events_under(self, company_id: str, prefix: str) -> list[Stored]:
        """Events whose story starts with `prefix` (every point of one series)."""

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
    # The stories these messages and report ids told before: a part may move to another
    # story, and the parts of one report id are placed together (`assign_stories`).
    cited = sorted({*replaced, *(key[0] for key in incoming)}, key=id_order)
    atoms = {key[1] for key in incoming} | tx.reports_of_messages(company_id, cited)
    stories = {story_of(p) for p in incoming.values()} | {f"id:{atom}" for atom in atoms}
    stories = _lock(tx, company_id, stories, cited, atoms)
    if sources is not None:
        tx.delete_parts_of(company_id, replaced)
        tx.save_versions(company_id, {i: newest[i].version for i in replaced})
    ordered = sorted(stories)
    stored = {part_key(part): (story, part) for story, part in tx.parts(company_id, ordered)}
    changed: dict[tuple[str, str], Stored] = {}
    for key, part in sorted(incoming.items()):
        known_part = stored.get(key)
        merged = part if known_part is None else merge_events(known_part[1], part)
        if known_part is None or known_part[1] != merged:
            stored[key] = (known_part[0] if known_part else story_of(merged), merged)
            changed[key] = stored[key]
    for key, story in _placed(stored, atoms).items():
        if stored[key][0] != story:
            stored[key] = (story, stored[key][1])
            changed[key] = stored[key]
    tx.save_parts(company_id, [changed[key] for key in sorted(changed)])
    return _resolve(tx, company_id, ordered, stored.values(), changes)


def _placed(
    stored: Mapping[tuple[str, str], Stored], atoms: AbstractSet[str]
) -> dict[tuple[str, str], str]:
    """Where each part of the touched report ids belongs now (all their parts are here:
    their stories are locked and loaded)."""
    groups: dict[str, list[SignificantEvent]] = defaultdict(list)
    for (_, report_id), (_, part) in stored.items():
        if report_id in atoms:
            groups[report_id].append(part)
    placed: dict[tuple[str, str], str] = {}
    for group in groups.values():
        placed.update(assign_stories(group))
    return placed


def _settle(
    tx: StoryTransaction, company_id: str, produced: dict[str, Stored]
) -> tuple[dict[str, Stored], list[Stored]]:
    """The produced events with each touched series' directions settled again, and the
    stored points of other periods whose direction that changed."""
    touched = {e.series for _, e in produced.values() if e.series}
    settled = dict(produced)
    others: list[Stored] = []
    for key in sorted(touched):
        stored = {e.id: (story, e) for story, e in tx.events_under(company_id, f"series:{key}:")}
        points = stored | {i: se for i, se in produced.items() if se[1].series == key}
        live = [e for _, e in points.values() if e.status is not EventStatus.RETRACTED]
        for event in settle_series(live):
            story = points[event.id][0]
            if event.id in produced:
                settled[event.id] = (story, event)
            elif stored[event.id][1] != event:
                others.append((story, event))
    return settled, others


def _newest(sources: Iterable[SourceVersion]) -> dict[str, SourceVersion]:
    newest: dict[str, SourceVersion] = {}
    for source in sources:
        known = newest.get(source.message_id)
        if known is None or source.version > known.version:
            newest[source.message_id] = source
    return newest


def _lock(
    tx: StoryTransaction,
    company_id: str,
    stories: set[str],
    cited: list[str],
    atoms: set[str],
) -> set[str]:
    """Lock the stories, the stories the cited messages and report ids have parts in, and
    the series their points belong to (a point's direction depends on the one before, so
    a series' writers are serialised too). Another writer may have moved parts since we
    looked: we look again once locked, until nothing new turns up; returns every story
    locked."""
    wanted, locked = set(stories), set[str]()
    while True:
        wanted |= tx.stories_of_messages(company_id, cited)
        wanted |= tx.stories_of_reports(company_id, sorted(atoms))
        roots = {f"series:{key}" for key in map(series_of_story, wanted) if key}
        new = (wanted | roots) - locked
        if not new:
            return wanted
        tx.lock_stories(company_id, sorted(new))
        locked |= new


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
    reporting = frozenset(p.source_message_ids[0] for found in parts.values() for p in found)
    produced: dict[str, Stored] = {}
    for story in stories:
        for event in resolve_story(
            company_id, story, parts.get(story, []), previous.get(story, []), changes, reporting
        ):
            produced[event.id] = (story, event)
    gone = sorted(set(known) - set(produced))
    settled, neighbours = _settle(tx, company_id, produced)
    writes = [se for event_id, se in sorted(settled.items()) if known.get(event_id) != se[1]]
    writes += neighbours
    tx.delete_events(company_id, gone)
    tx.save_events(company_id, writes)
    return len(set(produced) - set(known))


def legacy_parts(event: SignificantEvent) -> list[Stored]:
    """The parts of an event stored before parts were kept: a store migrating to them
    writes these, so the next report of the event merges with all it had."""
    story = story_of(event)
    return [(story, part) for part in parts_of([event]).values()]
