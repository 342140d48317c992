"""`sago run` killed (SIGKILL at seeded moments, or os._exit at each named point) and
re-run on the same file and data dir ends exactly as one uninterrupted run."""

from __future__ import annotations

import pytest

from sago.devtools.chaos.embedded import RUN_POINTS, Reference, crash_point_scenario, kills_scenario
from sago.devtools.chaos.procs import Sago
from support.chaos import CI_KILLS, SEED

pytestmark = [pytest.mark.chaos, pytest.mark.slow]


def test_a_run_killed_at_random_moments_ends_as_an_uninterrupted_one(
    chaos_sago: Sago, reference: Reference, record: list[str]
) -> None:
    result = kills_scenario(chaos_sago, reference, CI_KILLS, SEED)
    record.append(result.line())
    assert result.kills == CI_KILLS, result.problems()
    assert result.ok, result.problems()


@pytest.mark.parametrize("point", RUN_POINTS)
def test_dying_at_a_named_point_then_running_again_changes_nothing(
    chaos_sago: Sago, reference: Reference, record: list[str], point: str
) -> None:
    # after_store: stored, not yet batched, so only the raw store's status says it is not
    # done; after_upsert: events stored, batch not acknowledged, so it is extracted again.
    result = crash_point_scenario(chaos_sago, reference, point)
    record.append(result.line())
    assert result.kills == 1, result.problems()
    assert result.ok, result.problems()
