"""Two `sago worker`s on real Kafka, Redis, Cassandra and PostgreSQL, one SIGKILLed at seeded
points and restarted, or the producer and workers dying at each named point: every message
stored once and extracted, the events equal to the embedded run's."""

from __future__ import annotations

import pytest

from sago.devtools.chaos.embedded import Reference
from sago.devtools.chaos.procs import Sago
from sago.devtools.chaos.scale import crash_points_scenario, kills_scenario
from sago.devtools.chaos.stack import Stack
from support.chaos import CI_KILLS, SEED

pytest.importorskip("confluent_kafka")
pytestmark = [
    pytest.mark.chaos,
    pytest.mark.slow,
    pytest.mark.kafka,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.cassandra,
]


def test_a_worker_killed_at_random_points_loses_and_doubles_nothing(
    chaos_sago: Sago, reference: Reference, stack: Stack, record: list[str]
) -> None:
    result = kills_scenario(chaos_sago, stack, reference, CI_KILLS, SEED)
    record.append(result.line())
    assert result.kills == CI_KILLS
    assert result.ok, result.problems()


def test_producer_and_workers_dying_at_each_named_point_lose_nothing(
    chaos_sago: Sago, reference: Reference, stack: Stack, record: list[str]
) -> None:
    # after_produce (produce), then after_store, after_commit, after_claim, after_upsert
    # and after_ack (a worker each), then two workers finish.
    result = crash_points_scenario(chaos_sago, stack, reference)
    record.append(result.line())
    assert result.kills == 6
    assert result.ok, result.problems()
