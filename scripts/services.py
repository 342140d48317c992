#!/usr/bin/env python3
"""Install, cache, start and stop the real servers the integration tests use.

No Docker runs here: Kafka and Cassandra run from Maven Central jars (cached in
``~/.cache/sago/jars``), PostgreSQL and Redis from Debian packages. Every server listens on
free loopback ports, runs in its own process group and logs to a file in the state dir.
Readiness is a real request through each server's client library (confluent-kafka, redis-py,
psycopg, cassandra-driver), so `up` and `status` run with the project's venv:

    .venv/bin/python scripts/services.py up [kafka redis postgres cassandra]   # default: all
    .venv/bin/python scripts/services.py status
    eval "$(python3 scripts/services.py env)"        # env and down need no client library
    python3 scripts/services.py down [SERVICE ...]

State lives in ``$SAGO_SERVICES_DIR`` (default ``<repo>/.services/``): ``state.json`` (pids,
ports, logs, data dirs) and ``services.env`` (``SAGO_*`` lines). A server already given by the
environment (``SAGO_KAFKA_BOOTSTRAP``, ``SAGO_REDIS_URL``, ``SAGO_POSTGRES_DSN``,
``SAGO_CASSANDRA_HOSTS``) is used instead of starting one.

For pytest session fixtures: ``ensure(["kafka"])`` starts what is missing and returns the
``SAGO_*`` values; ``stop_all()`` stops everything. The code is the ``servers`` package
beside this file, one module per server.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Imported by path (tests/conftest.py) or run as a script: either way `servers` sits beside us.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers.cli import down, ensure, main, stop_all, up

__all__ = ["down", "ensure", "main", "stop_all", "up"]

if __name__ == "__main__":
    sys.exit(main(description=__doc__.split("\n\n")[0] if __doc__ else None))
