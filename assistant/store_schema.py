"""The app store's SQL schema: migrations applied in order, tracked by `PRAGMA user_version`."""

# Append only: never edit a released script, add a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY, browser_id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
        audience TEXT NOT NULL DEFAULT '', messages TEXT NOT NULL DEFAULT '[]',
        created REAL NOT NULL, updated REAL NOT NULL
    );
    CREATE INDEX conversations_browser ON conversations (browser_id, updated);

    CREATE TABLE queries (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL, question TEXT NOT NULL,
        audience TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '',
        refused INTEGER NOT NULL DEFAULT 0, decision TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '', chunk_ids TEXT NOT NULL DEFAULT '[]',
        doc_ids TEXT NOT NULL DEFAULT '[]', latency_ms REAL NOT NULL DEFAULT 0,
        conversation_id TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'ui'  -- 'ui' | 'api' | 'cli'
    );
    CREATE INDEX queries_ts ON queries (ts);

    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL,
        query_id INTEGER REFERENCES queries (id) ON DELETE SET NULL,
        rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), comment TEXT NOT NULL DEFAULT '',
        question TEXT NOT NULL DEFAULT '', answer TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX feedback_ts ON feedback (ts);

    CREATE TABLE jobs (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress REAL NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL DEFAULT 'null',
        created REAL NOT NULL, updated REAL NOT NULL
    );
    """,
]
