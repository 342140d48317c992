"""The run log contract: summaries kept whole, newest first, per company or all."""

from __future__ import annotations

from sago.domain.run import RunSummary, Usage
from sago.runlog.base import RunLog


def test_runs_are_kept_newest_first(runlog: RunLog) -> None:
    runlog.save(RunSummary(company_id="acme", records_read=10))
    runlog.save(
        RunSummary(
            company_id="acme",
            records_read=20,
            usage=Usage(requests=3),
            stage_seconds={"extract": 1.5},
        )
    )
    runlog.save(RunSummary(company_id="globex", records_read=30))
    acme = runlog.recent("acme")
    assert [r.records_read for r in acme] == [20, 10]
    assert acme[0].usage.requests == 3
    assert acme[0].stage_seconds == {"extract": 1.5}
    assert [r.records_read for r in runlog.recent(limit=2)] == [30, 20]
    assert [r.records_read for r in runlog.recent("globex")] == [30]
    runlog.flush()
    assert runlog.recent() == []
