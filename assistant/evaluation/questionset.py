"""Question sets (DESIGN.md): loading and validating evaluators' hand-written YAML.

Everything is checked before anything runs, and every problem is reported at once with the
question id it belongs to: unknown fields, duplicate ids, empty questions, malformed section
references, unknown documents or sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.errors import AssistantError

_REF = re.compile(r"^[a-z0-9][a-z0-9._-]*[a-z0-9]#\S(?:[^#\n]*\S)?$")  # ids may hold spaces: "Điều 206", "Phụ lục I"


class QuestionSetError(AssistantError):
    exit_code = 2
    code = "question_set_invalid"


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    answerable: bool = True
    expected_sections: list[str] = []
    must_include: list[str] = []
    category: str = "uncategorised"

    @field_validator("id", "question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    expected_sections: tuple[str, ...]
    must_include: tuple[str, ...]
    category: str


def load_question_set(path: Path, trees: dict | None = None) -> list[Question]:
    """Parse and validate; `trees` (doc_id -> SectionTree) enables the corpus checks."""
    path = Path(path)
    if not path.is_file():
        raise QuestionSetError(f"{path}: question set not found.", code="question_set_missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        raise QuestionSetError(f"{path}: not valid UTF-8 YAML ({str(exc).splitlines()[0]}).") from None
    if isinstance(data, dict) and isinstance(data.get("questions"), list):
        data = data["questions"]
    if not isinstance(data, list) or not data:
        raise QuestionSetError(f"{path}: expected a non-empty YAML list of questions (see docs/DESIGN.md, 'Question sets').")

    problems: list[str] = []
    questions: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(data, 1):
        label = raw.get("id") if isinstance(raw, dict) and raw.get("id") else f"item {n}"
        try:
            row = _Row.model_validate(raw)
        except ValidationError as exc:
            problems += [f"{label}: {'.'.join(map(str, e['loc'])) or 'item'}: {e['msg'].lower()}" for e in exc.errors()]
            refs = raw.get("expected_sections") if isinstance(raw, dict) else None
            if isinstance(refs, list) and all(isinstance(r, str) for r in refs):
                # Report the row's reference problems too: every problem at once.
                problems += _check_refs(str(label), refs, trees)
            continue
        if row.id in seen:
            problems.append(f"{row.id}: duplicate id")
        seen.add(row.id)
        problems += _check_row(row, trees)
        questions.append(Question(row.id, row.question, row.answerable, tuple(row.expected_sections),
                                  tuple(row.must_include), row.category))
    if problems:
        raise QuestionSetError(f"{path}: {len(problems)} problem(s): " + "; ".join(problems))
    return questions


def _check_refs(label: str, refs: list[str], trees: dict | None) -> list[str]:
    problems = []
    for ref in refs:
        if not _REF.match(ref):
            problems.append(f"{label}: section reference '{ref}' is not of the form doc-id#II.2.1")
            continue
        if trees is None:
            continue
        doc_id, section_id = ref.split("#", 1)
        if doc_id not in trees:
            problems.append(f"{label}: unknown document '{doc_id}' (corpus has {', '.join(sorted(trees))})")
        elif trees[doc_id].get(section_id) is None:
            problems.append(f"{label}: document '{doc_id}' has no section '{section_id}'")
    return problems


def _check_row(row: _Row, trees: dict | None) -> list[str]:
    problems = []
    if not row.answerable and (row.expected_sections or row.must_include):
        problems.append(f"{row.id}: an unanswerable question cannot have expected_sections or must_include")
    if row.answerable and not row.expected_sections:
        problems.append(f"{row.id}: an answerable question needs expected_sections")
    problems += _check_refs(row.id, row.expected_sections, trees)
    if any(not m.strip() for m in row.must_include):
        problems.append(f"{row.id}: must_include has an empty string")
    return problems
