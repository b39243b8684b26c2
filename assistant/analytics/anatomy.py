"""The anatomy of a plan: which part a section belongs to (purpose, goals, tasks, solutions,
organisation), the horizon year it speaks of, and its items (paragraphs and bullets).

Analytics and drafting read a plan through these, so that a target is only looked for under
"Mục tiêu" and an assignment under "Tổ chức thực hiện", whatever the numbering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ingest.profiles import section_role
from assistant.ingest.structure import CLOSING_ID, PREAMBLE
from assistant.ingest.tables import is_row
from assistant.model import ParsedDocument, Section, SectionTree, Span
from assistant.text.normalize import years
from assistant.text.spans import body_of, line_spans, strip_mark

_FULL_HEADING_MAX = 200
ROLES = ("preamble", "purpose", "goals", "tasks", "solutions", "organisation", "closing", "other")


@dataclass(frozen=True)
class Item(Span):
    """A paragraph or bullet of a section's own text, with the part of the plan it is in;
    `text` has no bullet mark."""

    section: Section = field(kw_only=True)
    role: str = field(kw_only=True)


def horizon_of(tree: SectionTree, section: Section) -> str | None:
    """The one year a section's title (or the nearest ancestor's) aims at: 'Đến năm 2025' ->
    '2025'. A title naming several years ('đến năm 2025, định hướng đến năm 2030') has none."""
    for sid in (section.id, *reversed(section.path)):
        found = years(tree.get(sid).title)
        if len(found) == 1:
            return next(iter(found))
        if found:
            return None
    return None


def items(parsed: ParsedDocument, roles: tuple[str, ...] | None = None) -> list[Item]:
    """Every paragraph and bullet of the document in reading order (heading-only lines left out)."""
    text = parsed.document.text
    out: list[Item] = []
    for section in parsed.tree:
        role = section_role(parsed, section)  # the document kind's profile says what a heading marks
        if roles is not None and role not in roles:
            continue
        for line in line_spans(parsed.doc_id, section.id, text, section.start, section.own_end):
            if is_row(line.text):
                continue  # table rows are read with their column headers (analytics.table_rows)
            body = body_of(line)
            if body.text:
                out.append(Item.of(body, section=section, role=role))
    return out


def full_heading(parsed: ParsedDocument, section: Section) -> str:
    """A section's heading as written, not cut to the tree's display length ("Hoàn thiện, cụ
    thể hóa các cơ chế, chính sách ... bền vững"); a numbered paragraph keeps its short title."""
    if section.kind in (PREAMBLE, CLOSING_ID):
        return section.title
    line = parsed.document.text[section.start : section.own_end].split("\n", 1)[0]
    text = strip_mark(line).strip().rstrip(":")
    return text if text and len(text) <= _FULL_HEADING_MAX and not text.endswith(".") else section.title
