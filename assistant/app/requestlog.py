"""Structured logs: one JSON line per event on stderr, each question with its own request id.

The question's text is only logged when ASSISTANT_LOG_QUESTIONS is on: officials' questions
can be sensitive, and operators rarely need them to see load, latency and declines.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from contextlib import contextmanager

LOGGER = "assistant.requests"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
                   "level": record.levelname.lower(), "logger": record.name, "event": record.getMessage()}
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(payload, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    """JSON lines for the app's own loggers; libraries keep their defaults."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("assistant")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]


@contextmanager
def question_log(settings, question: str, channel: str, **fields):
    """Logs one question: request id, channel (chat, api), timing, outcome. Fill the yielded
    dict with what the answer turned out to be (refused, sections...)."""
    record: dict = {"request_id": new_request_id(), "channel": channel, "question_chars": len(question), **fields}
    if settings.log_questions:
        record["question"] = question
    started = time.perf_counter()
    log = logging.getLogger(LOGGER)
    try:
        yield record
    except Exception as exc:
        record["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
        record["error"] = type(exc).__name__
        log.error("question failed", extra={"fields": record})
        raise
    record["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    log.info("question answered", extra={"fields": record})
