"""Test isolation on a shared PostgreSQL: a schema per test, dropped afterwards."""

from __future__ import annotations

import psycopg
from psycopg import sql


def drop_schema(dsn: str, schema: str) -> None:
    with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
