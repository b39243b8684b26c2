"""Reading question sets (format in DESIGN.md) for the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    expected_sections: tuple[str, ...]
    must_include: tuple[str, ...]
    category: str


def load_questions(path: Path) -> list[Question]:
    rows = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [
        Question(r["id"], r["question"], r.get("answerable", True), tuple(r.get("expected_sections", ())),
                 tuple(r.get("must_include", ())), r.get("category", "uncategorised"))
        for r in rows
    ]
