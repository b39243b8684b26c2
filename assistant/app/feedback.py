"""Like/dislike of answers with an optional comment, kept in SQLite under the data folder
(ASSISTANT_DATA_DIR, never in the repository) for whoever curates the next question set."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    session TEXT NOT NULL,
    message INTEGER NOT NULL DEFAULT -1,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    liked INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    UNIQUE (session, message)
)
"""


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, session: str, message: int, question: str, answer: str, citations: list[str],
               liked: bool | None) -> int:
        """One vote per answer of a session: voting again replaces it (None = vote withdrawn)."""
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO votes (created, session, message, question, answer, citations, liked) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session, message) DO UPDATE SET liked = excluded.liked, "
                "created = excluded.created",
                (time.strftime("%Y-%m-%d %H:%M:%S"), session, message, question, answer,
                 json.dumps(citations, ensure_ascii=False), None if liked is None else int(liked)),
            )
            return int(db.execute("SELECT id FROM votes WHERE session = ? AND message = ?", (session, message)).fetchone()[0])

    def comment(self, row_id: int, session: str, text: str) -> bool:
        """Attach a comment to a vote of the same session; False if there is none."""
        with self._lock, self._connect() as db:
            cur = db.execute("UPDATE votes SET comment = ? WHERE id = ? AND session = ?", (text.strip()[:2000], row_id, session))
            return cur.rowcount == 1

    def rows(self) -> list[dict]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM votes ORDER BY id")]
