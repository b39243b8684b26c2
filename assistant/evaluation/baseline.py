"""The baseline an eval run is compared with: a report.json written by `assistant eval`, read
and checked before any question is asked, so that a wrong file fails at once with what is
wrong, and runs of other question sets or settings are never compared (their differences
would be reported as regressions)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import AssistantError
from assistant.evaluation.runner import file_digest


def read_baseline(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AssistantError(f"{path}: cannot read the baseline report ({exc}).") from None
    problem = _problem(data)
    if problem:
        raise AssistantError(f"{path}: not a report.json written by `assistant eval` ({problem}).")
    return data


def check_same_inputs(old: dict, path: Path, questions: Path, k: int, backend: str, mode: str) -> None:
    """Raise when the baseline was made with another question set, depth, backend or mode."""
    old_meta = old.get("meta", {})
    mismatched = [f"{key} {old_meta.get(key)!r} vs {now!r}" for key, now in
                  (("question_set_sha256", file_digest(questions)), ("k", k), ("backend", backend), ("mode", mode))
                  if key in old_meta and old_meta[key] != now]
    if mismatched:
        raise AssistantError(f"{path} was made with other inputs ({'; '.join(mismatched)}); "
                             "compare runs of the same question set and settings.")


def _problem(data) -> str:
    if not isinstance(data, dict) or not isinstance(data.get("summary"), dict) or not isinstance(data.get("items"), list):
        return "needs a 'summary' object and an 'items' list"
    for item in data["items"]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("passed"), bool):
            return "every item needs an 'id' and a 'passed' flag"
    for key, value in data["summary"].items():
        if key != "by_category" and value is not None and not isinstance(value, (int, float)):
            return f"summary '{key}' is not a number"
    return ""
