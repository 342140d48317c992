"""docker-compose.yml cannot be run here (no Docker engine), so check what can be checked:
it parses, runs the four engines and two workers, and every SAGO_* it sets is a setting."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sago.config import Settings

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_compose_runs_the_scale_stack_with_known_settings() -> None:
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert {"kafka", "redis", "cassandra", "postgres", "worker"} <= services.keys()
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["kafka"]["image"].startswith("apache/kafka:4.")
    assert services["cassandra"]["image"].startswith("cassandra:5.0")
    env = services["worker"]["environment"]
    fields = set(Settings.model_fields)
    for name in env:
        if name.startswith("SAGO_"):
            assert name.removeprefix("SAGO_").lower() in fields, name
    assert (
        env["SAGO_QUEUE"],
        env["SAGO_BATCHER"],
        env["SAGO_RAWSTORE"],
        env["SAGO_EVENTSTORE"],
    ) == (
        "kafka",
        "redis",
        "cassandra",
        "postgres",
    )
    # Compose fills ${NAME:-default} from the shell; take the defaults.
    resolved = {
        k.removeprefix("SAGO_").lower(): re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(v))
        for k, v in env.items()
        if k.startswith("SAGO_")
    }
    Settings.model_validate(resolved)
