"""The SQLite raw store's tables, and the in-place upgrade of stores made by older versions.

- `messages`: one row per (company, id) with the whole Message as JSON in `body`; written
  once, never updated.
- `message_status`: the status of each message in a narrow table of its own. Statuses
  change two or three times in a message's life and bodies never do: with the status in
  the message row, every change rewrote the row's page (two changes cost ~40 µs a
  message at 100k messages); here a change touches a few bytes (~2 µs). A partial
  index lists the unfinished ones for a restart.
- `dead_letters`: poison input in arrival order.
- `message_versions`: every text of a message that changed at its source (edited or
  deleted), by `Message.version`; `messages.version` and `message_status.version` say
  which version the row and its status are for (layout 3).

`PRAGMA user_version` names the layout. Version 0 with a `status` column in `messages` is
the layout before 2 (status inside a WITHOUT ROWID message table); `migrate` copies it
into the current layout in one transaction, so a user's existing store survives.
"""

from __future__ import annotations

import sqlite3

VERSION = 3

_TABLES = """
CREATE TABLE IF NOT EXISTS messages (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    ts REAL NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX IF NOT EXISTS messages_by_time ON messages (company_id, ts, id);
CREATE TABLE IF NOT EXISTS message_status (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (company_id, id)
) WITHOUT ROWID;
-- What a restart must re-batch, found without reading every status.
CREATE INDEX IF NOT EXISTS message_unfinished ON message_status (company_id, id)
    WHERE status IN ('stored', 'batched');
CREATE TABLE IF NOT EXISTS dead_letters (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id TEXT NOT NULL,
    body TEXT NOT NULL
);
"""

# Layout 0 → 2: the status moves out of the message row into message_status.
_FROM_0 = """
CREATE TABLE messages_v2 (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    ts REAL NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (company_id, id)
);
INSERT INTO messages_v2 (company_id, id, source, ts, body)
    SELECT company_id, id, source, ts, body FROM messages;
CREATE TABLE message_status (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (company_id, id)
) WITHOUT ROWID;
INSERT INTO message_status (company_id, id, status)
    SELECT company_id, id, status FROM messages;
DROP INDEX IF EXISTS messages_by_time;
DROP INDEX IF EXISTS messages_by_status;
DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;
"""


# Layout 2 → 3: message versions. A newer version rewrites its message row (rare: an edit
# or a delete at the source); the row of every other message is still written once.
_TO_3 = """
ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_status ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS message_versions (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (company_id, id, version)
) WITHOUT ROWID;
"""


def migrate(db: sqlite3.Connection) -> None:
    """Bring the file to the current layout (a fresh one, or an older one in place).

    Under BEGIN IMMEDIATE, so a second process opening the same file waits and then finds
    the work done.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version < VERSION:
            if version < 2:
                if version == 0 and "status" in _columns(db, "messages"):
                    for statement in _statements(_FROM_0):
                        db.execute(statement)
                for statement in _statements(_TABLES):
                    db.execute(statement)
            for statement in _statements(_TO_3):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT the open transaction first; one statement at a time
    # keeps the whole upgrade atomic.
    return [part.strip() for part in script.split(";") if part.strip()]
