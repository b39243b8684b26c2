"""Plan analytics over the whole corpus: targets, timeline and responsibility matrix, as rows
for the CLI (--json, --csv) and the app. Deterministic: read from section trees and text."""

from __future__ import annotations

import csv
import io
from typing import Iterable

from assistant.analytics.targets import Target, extract_targets
from assistant.analytics.tasks import Deadline, Responsibility, in_order, responsibilities, timeline
from assistant.model import ParsedDocument

TARGET_FIELDS = ("indicator", "comparator", "value", "unit", "horizon", "heading", "doc_id", "section_id", "quote")
TIMELINE_FIELDS = ("when", "kind", "body", "task", "doc_id", "section_id", "quote")
RESPONSIBILITY_FIELDS = ("body", "role", "task", "deadline", "doc_id", "section_id", "quote")


def all_targets(corpus: Iterable[ParsedDocument]) -> list[Target]:
    return [t for p in corpus for t in extract_targets(p)]


def all_timeline(corpus: Iterable[ParsedDocument]) -> list[Deadline]:
    """Dated tasks of all documents in date order, then recurring ones."""
    return in_order([r for p in corpus for r in timeline(p)])


def all_responsibilities(corpus: Iterable[ParsedDocument]) -> list[Responsibility]:
    return [r for p in corpus for r in responsibilities(p)]


def to_csv(rows: list[dict], fields: tuple[str, ...]) -> str:
    """UTF-8 CSV with a BOM, so that Excel opens Vietnamese text correctly."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
