"""What the SQL event stores share: the upsert, the query, the statistics, and the
reads and writes of the write flow. An adapter says only how its dialect differs
(placeholders, a list parameter, JSON bodies, its event row, its locks), as in
quix-streams' `state/base/`, where adapters override only what differs."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar

from sago.domain.event import EventSeverity, EventStatus, EventType, SignificantEvent
from sago.domain.reports import SourceVersion
from sago.eventstore.base import EventStatistics, EventStore, UpsertResult
from sago.eventstore.writes import Stored, StoryTransaction, write_reports

# Every table the event store keeps (runs and emails have their own ports).
TABLES = ("significant_events", "event_reports", "event_sources")


# Events read per query when streaming: a big story's body is tens of kB.
READ_CHUNK = 100


def filter_sql(
    date_column: str,
    mark: str,
    *,
    event_type: EventType | None = None,
    severity: EventSeverity | None = None,
    since: date | None = None,
    until: date | None = None,
    statuses: Collection[EventStatus] | None = None,
) -> tuple[str, list[str]]:
    """The `AND …` clauses and parameters of `EventStore.events`' optional filters, with
    `mark` as the driver's placeholder. Dates go as ISO text, which both SQLite's text
    column and PostgreSQL's date column compare correctly. No `statuses`: active only."""
    wanted = sorted(s.value for s in (statuses or (EventStatus.ACTIVE,)))
    clauses: list[tuple[str, str]] = []
    if event_type is not None:
        clauses.append(("event_type", event_type.value))
    if severity is not None:
        clauses.append(("severity", severity.value))
    sql = "".join(f" AND {column} = {mark}" for column, _ in clauses)
    params = [value for _, value in clauses]
    sql += f" AND status IN ({', '.join([mark] * len(wanted))})"
    params += wanted
    if since is not None:
        sql += f" AND {date_column} >= {mark}"
        params.append(since.isoformat())
    if until is not None:
        sql += f" AND {date_column} <= {mark}"
        params.append(until.isoformat())
    return sql, params


class SqlDialect(ABC):
    """How one SQL driver spells what the stores share."""

    mark: ClassVar[str]
    """The driver's placeholder (`?`, `%s`)."""

    @abstractmethod
    def one_of(self, column: str) -> str:
        """`column` is one of a list given as one parameter (see `values`): one statement
        for any number of ids, so nothing is cut into chunks."""

    def table(self, table: str, column: str) -> str:
        """`table` as named where `column` picks its rows (a dialect may name its index)."""
        return table

    @abstractmethod
    def values(self, items: Sequence[str]) -> Any:
        """A list of strings as the one parameter `one_of` takes."""

    @abstractmethod
    def body(self, model: SignificantEvent) -> Any:
        """An event as the driver writes its JSON body."""

    @abstractmethod
    def event(self, body: Any) -> SignificantEvent:
        """An event from its JSON body as the driver reads it."""


class SqlStoryTransaction(StoryTransaction):
    """The write flow's reads and writes in SQL both dialects speak; an adapter adds its
    event row (`save_events`), `events_under` and, with several writers, the locks."""

    def __init__(self, dialect: SqlDialect, conn: Any) -> None:
        self.dialect = dialect
        self.conn = conn

    def rows(self, query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(query, params).fetchall())

    def run(self, query: str, params: Sequence[Any]) -> None:
        self.conn.execute(query, params)

    @abstractmethod
    def many(self, query: str, rows: Sequence[Any]) -> None:
        """Run one statement for each row."""

    def _where(self, column: str, company_id: str, items: Sequence[str]) -> tuple[str, Any]:
        d = self.dialect
        return f" WHERE company_id = {d.mark} AND {d.one_of(column)}", (
            company_id,
            d.values(list(items)),
        )

    def _of(
        self, select: str, table: str, company_id: str, column: str, items: Sequence[str]
    ) -> list[Any]:
        if not items:
            return []
        where, params = self._where(column, company_id, items)
        return self.rows(f"SELECT {select} FROM {self.dialect.table(table, column)}{where}", params)

    def _delete(self, table: str, company_id: str, column: str, items: Sequence[str]) -> None:
        if items:
            where, params = self._where(column, company_id, items)
            self.run(f"DELETE FROM {self.dialect.table(table, column)}{where}", params)

    def _stored(self, table: str, company_id: str, stories: Sequence[str]) -> list[Stored]:
        rows = self._of("story, body", table, company_id, "story", stories)
        return [(str(story), self.dialect.event(body)) for story, body in rows]

    def versions(self, company_id: str, message_ids: Sequence[str]) -> dict[str, int]:
        rows = self._of(
            "message_id, version", "event_sources", company_id, "message_id", message_ids
        )
        return {str(i): int(v) for i, v in rows}

    def save_versions(self, company_id: str, versions: Mapping[str, int]) -> None:
        m = self.dialect.mark
        self.many(
            f"INSERT INTO event_sources (company_id, message_id, version) VALUES ({m}, {m}, {m})"
            " ON CONFLICT (company_id, message_id) DO UPDATE SET version = excluded.version",
            [(company_id, i, v) for i, v in versions.items()],
        )

    def stories_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        rows = self._of("DISTINCT story", "event_reports", company_id, "message_id", message_ids)
        return {str(s) for (s,) in rows}

    def reports_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        rows = self._of(
            "DISTINCT report_id", "event_reports", company_id, "message_id", message_ids
        )
        return {str(r) for (r,) in rows}

    def stories_of_reports(self, company_id: str, report_ids: Sequence[str]) -> set[str]:
        rows = self._of("DISTINCT story", "event_reports", company_id, "report_id", report_ids)
        return {str(s) for (s,) in rows}

    def delete_parts_of(self, company_id: str, message_ids: Sequence[str]) -> None:
        self._delete("event_reports", company_id, "message_id", message_ids)

    def parts(self, company_id: str, stories: Sequence[str]) -> list[Stored]:
        return self._stored("event_reports", company_id, stories)

    def save_parts(self, company_id: str, parts: Sequence[Stored]) -> None:
        m = self.dialect.mark
        self.many(
            "INSERT INTO event_reports (company_id, message_id, report_id, story, body)"
            f" VALUES ({m}, {m}, {m}, {m}, {m}) ON CONFLICT (company_id, message_id, report_id)"
            " DO UPDATE SET story = excluded.story, body = excluded.body",
            [
                (company_id, p.source_message_ids[0], p.id, story, self.dialect.body(p))
                for story, p in parts
            ],
        )

    def events(self, company_id: str, stories: Sequence[str]) -> list[Stored]:
        return self._stored("significant_events", company_id, stories)

    def delete_events(self, company_id: str, event_ids: Sequence[str]) -> None:
        self._delete("significant_events", company_id, "id", event_ids)


class SqlEventStore(EventStore):
    """An event store in SQL: `significant_events` rows with their filter columns and the
    whole event as `body`, the per-message parts, the source versions. The adapter
    supplies the dialect, a transaction and plain reads."""

    dialect: SqlDialect
    date_column: ClassVar[str]
    """The event's date column (the seed's PostgreSQL table calls it `timeline`)."""
    order: ClassVar[str]
    """ORDER BY of `events`: newest date first, then newest created, then id."""

    @abstractmethod
    def _write(self, work: Callable[[StoryTransaction], UpsertResult]) -> UpsertResult:
        """Run `work` in one transaction, all or nothing (retried where the driver may
        have to)."""

    @abstractmethod
    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """A read outside any write."""

    @abstractmethod
    def _delete_all(self, tables: Sequence[str]) -> None:
        """Empty these tables in one transaction."""

    def upsert(
        self, events: Sequence[SignificantEvent], *, sources: Sequence[SourceVersion] | None = None
    ) -> UpsertResult:
        return self._write(lambda tx: write_reports(tx, events, sources))

    def get(self, event_id: str) -> SignificantEvent | None:
        m = self.dialect.mark
        rows = self._rows(f"SELECT body FROM significant_events WHERE id = {m}", (event_id,))
        return self.dialect.event(rows[0][0]) if rows else None

    def events(
        self,
        company_id: str,
        *,
        event_type: EventType | None = None,
        severity: EventSeverity | None = None,
        since: date | None = None,
        until: date | None = None,
        statuses: Collection[EventStatus] | None = None,
    ) -> list[SignificantEvent]:
        return list(
            self._select(
                company_id,
                event_type=event_type,
                severity=severity,
                since=since,
                until=until,
                statuses=statuses,
            )
        )

    def each_event(
        self, company_id: str, *, statuses: Collection[EventStatus] | None = None
    ) -> Iterator[SignificantEvent]:
        return self._select(company_id, statuses=statuses)

    def _select(self, company_id: str, **filters: Any) -> Iterator[SignificantEvent]:
        # The ids are read now, in order; the bodies a chunk at a time as the caller gets
        # to them, each becoming a model only then. All the bodies of a 1M-message store
        # at once were 80 MB as strings before one was parsed.
        m = self.dialect.mark
        where, params = filter_sql(self.date_column, m, **filters)
        query = f"SELECT id FROM significant_events WHERE company_id = {m}{where}"
        rows = self._rows(f"{query} ORDER BY {self.order}", [company_id, *params])
        return self._bodies(company_id, [str(event_id) for (event_id,) in rows])

    def _bodies(self, company_id: str, ids: list[str]) -> Iterator[SignificantEvent]:
        m = self.dialect.mark
        for start in range(0, len(ids), READ_CHUNK):
            chunk = ids[start : start + READ_CHUNK]
            marks = ", ".join([m] * len(chunk))
            bodies = dict(
                self._rows(
                    "SELECT id, body FROM significant_events"
                    f" WHERE company_id = {m} AND id IN ({marks})",
                    [company_id, *chunk],
                )
            )
            # An event deleted since its id was read (a flush) is simply not there.
            yield from (self.dialect.event(bodies[i]) for i in chunk if i in bodies)

    def count(self, company_id: str) -> int:
        # A count, not a load: a big store's events hold hundreds of MB as models.
        m = self.dialect.mark
        where, params = filter_sql(self.date_column, m, statuses=None)
        query = f"SELECT COUNT(*) FROM significant_events WHERE company_id = {m}{where}"
        return int(self._rows(query, [company_id, *params])[0][0])

    def statistics(self, company_id: str) -> EventStatistics:
        # What the counts need of each event, not the events: a big store's are large.
        events = [(e.event_type, e.severity, e.date) for e in self.each_event(company_id)]
        dates = [day for _, _, day in events if day is not None]
        by_status = self._rows(
            "SELECT status, COUNT(*) FROM significant_events"
            f" WHERE company_id = {self.dialect.mark} GROUP BY status",
            (company_id,),
        )
        return EventStatistics(
            total=sum(int(n) for _, n in by_status),
            active=len(events),
            by_type=dict(Counter(kind.value for kind, _, _ in events)),
            by_severity=dict(Counter(severity.value for _, severity, _ in events)),
            by_status={str(k): int(n) for k, n in sorted(by_status)},
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
        )

    def companies(self) -> list[str]:
        rows = self._rows("SELECT DISTINCT company_id FROM significant_events ORDER BY company_id")
        return [str(company) for (company,) in rows]

    def flush(self) -> None:
        self._delete_all(TABLES)
