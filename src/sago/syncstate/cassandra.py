"""Sync state in the Cassandra raw store's keyspace (its own table)."""

from __future__ import annotations

import json
import re

from sago.rawstore.cassandra_schema import create_keyspace
from sago.rawstore.cassandra_session import explained, make_cluster, unreachable
from sago.syncstate.base import State, SyncState

_KEYSPACE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,47}")
_TABLE = """
CREATE TABLE IF NOT EXISTS {ks}.sync_state (
    company_id text, source text, key text, body text,
    PRIMARY KEY ((company_id, source), key)
)
"""


class CassandraSyncState(SyncState):
    """One partition per company and source; a save is a plain upsert (last write wins)."""

    def __init__(
        self,
        hosts: str,
        *,
        keyspace: str = "message_queue_db",
        replication_factor: int = 1,
        datacenter: str | None = None,
        consistency: str = "LOCAL_QUORUM",
        connect_timeout: float = 4.0,
        request_timeout: float = 30.0,
    ) -> None:
        if not _KEYSPACE.fullmatch(keyspace):
            raise ValueError(f"bad SAGO_CASSANDRA_KEYSPACE {keyspace!r}: letters, digits, _")
        self._cluster = make_cluster(
            hosts,
            datacenter=datacenter,
            consistency=consistency,
            connect_timeout=connect_timeout,
            request_timeout=request_timeout,
        )
        try:
            self._session = self._cluster.connect()
            create_keyspace(self._session, keyspace, replication_factor, datacenter)
            self._session.execute(_TABLE.format(ks=keyspace))
            ks = keyspace
            self._load = self._session.prepare(
                f"SELECT body FROM {ks}.sync_state WHERE company_id = ? AND source = ? AND key = ?"
            )
            self._save = self._session.prepare(
                f"INSERT INTO {ks}.sync_state (company_id, source, key, body) VALUES (?, ?, ?, ?)"
            )
            self._keys = self._session.prepare(
                f"SELECT key FROM {ks}.sync_state WHERE company_id = ? AND source = ?"
            )
            self._keyspace = ks
        except BaseException as exc:
            self._cluster.shutdown()
            error = unreachable(exc, hosts)
            if error is None:
                raise
            raise error from exc

    def load(self, company_id: str, source: str, key: str) -> State | None:
        with explained():
            row = self._session.execute(self._load, (company_id, source, key)).one()
        if row is None:
            return None
        found: State = json.loads(row[0])
        return found

    def save(self, company_id: str, source: str, key: str, state: State) -> None:
        body = json.dumps(state, sort_keys=True)
        with explained():
            self._session.execute(self._save, (company_id, source, key, body))

    def keys(self, company_id: str, source: str) -> list[str]:
        with explained():
            rows = self._session.execute(self._keys, (company_id, source))
        return sorted(key for (key,) in rows)

    def clear(self) -> None:
        with explained():
            self._session.execute(f"TRUNCATE {self._keyspace}.sync_state")

    def close(self) -> None:
        self._cluster.shutdown()
