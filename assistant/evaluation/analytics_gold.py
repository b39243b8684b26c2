"""Precision and recall of the analytics rows (targets, timeline, responsibilities) against
hand-checked gold rows (evals/gold/analytics/<doc_id>.yaml).

Gold strings are exact substrings of the published text; a found row matches a gold row when the
gold row's distinctive strings occur in the row (its quote, indicator, task, body), compared
without case, tone-mark placement or runs of whitespace. Gold rows marked `optional: true` are
judgment calls: matching one is not a false positive, missing one is not a miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.text.normalize import unify_tone_marks

_ESCAPE = re.compile(r"\\(?=[^\w\s])")


def _k(text: object) -> str:
    # gold strings are copied from the published Markdown, whose backslash escapes ("40 \\- 50")
    # the loader reads as the characters they escape
    text = _ESCAPE.sub("", str(text or ""))
    key = " ".join(unify_tone_marks(text).lower().replace("ủy ban nhân dân", "ubnd").split())
    # the loader reads "m^2" as "m²", as it reads ">=" as "≥"
    return key.replace("*", "").replace(">=", "≥").replace("<=", "≤").replace("^2", "²")


@dataclass(frozen=True)
class Score:
    found: int
    gold: int
    true_found: int  # found rows that match a gold row (optional ones included)
    recalled: int  # required gold rows matched by a found row

    @property
    def precision(self) -> float | None:
        return self.true_found / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.recalled / self.gold if self.gold else None


def _target_matches(row, gold: dict) -> bool:
    text = _k(f"{row.indicator} {row.quote}")
    value = _k(gold.get("value"))
    return _k(gold["indicator"]) in text and (not value or value in _k(row.quote) or value in _k(f"{row.comparator} {row.value}"))


def _timeline_matches(row, gold: dict) -> bool:
    text = _k(f"{row.quote} {row.task}")
    return _k(gold["task"]) in text and (_k(gold["when"]) in _k(row.when) or _k(gold["when"]) in _k(row.quote))


def _responsibility_matches(row, gold: dict) -> bool:
    body, found = _k(gold["body"]), _k(row.body)
    same_body = body in found or found in body
    role_ok = not gold.get("role") or _k(gold["role"]) == _k(row.role)
    return same_body and role_ok and _k(gold["task"]) in _k(f"{row.quote} {row.task}")


MATCHERS = {"targets": _target_matches, "timeline": _timeline_matches, "responsibilities": _responsibility_matches}


def load_gold(folder: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.yaml"))}


def score(rows: list, gold_rows: list[dict], kind: str) -> Score:
    match = MATCHERS[kind]
    required = [g for g in gold_rows if not g.get("optional")]
    true_found = sum(1 for r in rows if any(match(r, g) for g in gold_rows))
    recalled = sum(1 for g in required if any(match(r, g) for r in rows))
    return Score(len(rows), len(required), true_found, recalled)
