"""What a draft can quote in one document: its sentences (clauses of the long ones) and its table
rows, each with the part of the document it belongs to, read through the document's kind profile
(resources/profiles), never through one kind's anatomy.

    passages = document_passages(parsed, chunks, short_title, max_quote_chars)
    passages[0].role, passages[0].group, passages[0].said

A table's header and separator rows and its group rows ("| I | Đến năm 2030 | |") say nothing
of their own and are never passages. A data row is quoted as printed (the footnote is the
document's exact text) and said with its column headers ("Chỉ tiêu: ...; đơn vị: %; kết quả:
≥ 55"), which is what the row means.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from assistant.analytics.anatomy import full_heading, horizon_of
from assistant.drafting.notes import lower_first, upper_first
from assistant.answer.compose import section_label
from assistant.ingest.profiles import section_role
from assistant.ingest.tables import cells, find_tables, group_heading, is_row, is_separator
from assistant.model import CLOSING_ID, Chunk, ParsedDocument, Section, Span, display_title
from assistant.text.markers import match_heading
from assistant.text.spans import body_of, clause_spans, line_spans, sentence_spans, trimmed
from assistant.text.tokens import folded_tokens
from assistant.verify.claims import claim_key, claims, supported

# The cell that numbers a row ("1", "1.", "II", "a)"): the row's place, not what it says.
_ORDINAL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])[.)]?$")
# Section kinds that group their sub-sections in a draft: an article (Điều) with its khoản is one
# subject, as a numbered item with its bullets is in a plan.
_GROUPING_KINDS = ("article",)
_HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)
_ASIDE = re.compile(r"^\(.*\)[.;]?$", re.DOTALL)


@dataclass(frozen=True)
class Passage(Span):
    """A quotable sentence, clause or table row of an indexed document, with what a draft says
    around it and (once a topic is known) how well it covers the topic."""

    role: str = field(kw_only=True)  # the profile's role: purpose, goals, tasks, scope, ..., other
    heading: str = field(kw_only=True)  # the section's title in sentence case: "Đến năm 2025"
    horizon: str = field(kw_only=True)
    label: str = field(kw_only=True)  # "Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)"
    page: int | None = field(kw_only=True)
    item_start: int = field(kw_only=True)  # the paragraph, bullet or row it belongs to
    first_in_item: bool = field(kw_only=True)
    group: str = field(kw_only=True)  # the section a draft groups it under (its article, else its own)
    group_heading: str = field(kw_only=True)
    chunk_id: str = field(kw_only=True)
    said: str = field(default="", kw_only=True)  # what a draft writes for it, when not its text
    score: float = field(default=0.0, kw_only=True)

    @property
    def shown(self) -> str:
        return self.said or self.text


def document_passages(parsed: ParsedDocument, chunks: list[Chunk], short_title: str, max_quote_chars: int) -> list[Passage]:
    """Every passage of a document in reading order; only text inside one indexed chunk, which
    is what a footnote can cite."""
    text = parsed.document.text
    chunks = sorted(chunks, key=lambda c: c.start)
    starts = [c.start for c in chunks]
    rows = _TableRows(text)
    out: list[Passage] = []
    for section in parsed.tree:
        if section.id == CLOSING_ID:
            continue
        role = section_role(parsed, section)
        heading = heading_of(parsed, section)
        group = _group_of(parsed, section)
        group_title = heading if group is section else heading_of(parsed, group)
        horizon = horizon_of(parsed.tree, section) or ""
        for line in line_spans(parsed.doc_id, section.id, text, section.start, section.own_end):
            row = rows.reading(line)
            if row is _SKIP:
                continue
            pieces = [(trimmed(line, " \n"), row)] if row is not None else [(p, "") for p in _quotable(body_of(line), max_quote_chars)]
            item_start = line.start if row is not None else body_of(line).start
            n = 0
            for piece, said in pieces:
                if not says_something(piece.text, said):
                    continue
                i = bisect_right(starts, piece.start) - 1
                if i < 0 or not (chunks[i].start <= piece.start and piece.end <= chunks[i].end):
                    continue  # not inside one indexed chunk: cannot be cited
                chunk = chunks[i]
                out.append(Passage.of(
                    replace(piece, tokens=folded_tokens(said or piece.text)), role=role, heading=heading, horizon=horizon, label=f"{short_title} — {section_label(chunk)}",
                    page=chunk.page_start, item_start=item_start, first_in_item=n == 0, group=group.id,
                    group_heading=group_title, chunk_id=chunk.chunk_id, said=said))
                n += 1
    return out


def heading_of(parsed: ParsedDocument, section: Section) -> str:
    """A section's heading as written, in sentence case, without its numeral: "Phạm vi điều
    chỉnh" for "Điều 1. Phạm vi điều chỉnh"; a chapter whose name is on the next line is called
    by its name ("Quy định chung"), not "Chương I"."""
    full = full_heading(parsed, section)
    if is_row(full):  # a table's group row ("| I | Đến năm 2030 | |") heads the rows under it
        full = ""
    label = section.label.rstrip(". ")
    if label and full.startswith(label) and full[len(label):][:1] in ("", " ", ".", ":", "-", "–"):
        full = full[len(label):].lstrip(" .:-–")
    return display_title(full or section.title)


def says_something(text: str, said: str) -> bool:
    """A passage worth quoting: it has words, is no title line in capitals ("QUY ĐỊNH CHUNG",
    "KẾ HOẠCH"), and what a draft says for it is backed by its own text (the claim checker reads
    a few printed forms, "Quý IV/2025", differently from how it reads them inside a sentence)."""
    if not _HAS_WORD.search(text) or (text.isupper() and not said):
        return False
    if _ASIDE.match(text):
        return False  # "(Kèm theo Chương trình hành động ...)": a note on the text, not what it says
    marker = match_heading(text)
    if marker is not None and not marker.title.strip(" .:"):
        return False  # "Điều 1.": the number of what follows
    return self_backed(said or text, text)


def self_backed(said: str, text: str | None = None) -> bool:
    """Every name and figure of `said` is found in `text` (itself by default) by the claim checker."""
    evidence = claim_key(text if text is not None else said)
    return all(supported(c, evidence) for c in claims(said))


def _group_of(parsed: ParsedDocument, section: Section) -> Section:
    for sid in (*section.path, section.id):
        s = parsed.tree.get(sid)
        if s is not None and s.kind in _GROUPING_KINDS:
            return s
    return section


def _quotable(item: Span, max_chars: int) -> list[Span]:
    """Sentences of an item; a sentence too long to quote whole is quoted by its clauses."""
    out = []
    for sentence in sentence_spans(item):
        sentence = trimmed(sentence)
        if len(sentence.text) <= max_chars:
            out.append(sentence)
        else:
            out += [trimmed(clause) for clause in clause_spans(sentence)]
    return [piece for piece in out if piece.text]


# --- table rows ------------------------------------------------------------------------------
_SKIP = object()  # a line of a table that is no passage: header, separator, group row


class _TableRows:
    """The pipe tables of a document, by character offset, to read each row with its header."""

    def __init__(self, text: str):
        lines = text.split("\n")
        offsets, pos = [], 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        self.tables = [(offsets[t.start_line], offsets[t.end_line - 1] + len(lines[t.end_line - 1]), t.header)
                       for t in find_tables(lines)]
        self._starts = [t[0] for t in self.tables]

    def reading(self, line: Span):
        """None for a line outside tables, _SKIP for a row that says nothing of its own, else what
        a draft says for the row (its cells with their column headers)."""
        if not is_row(line.text):
            return None
        if is_separator(line.text) or group_heading(line.text) is not None:
            return _SKIP
        row = cells(line.text)
        header: tuple[str, ...] = ()
        i = bisect_right(self._starts, line.start) - 1
        if i >= 0 and line.start <= self.tables[i][1]:
            header = self.tables[i][2]
            if tuple(row) == header:
                return _SKIP  # the header row, or its repetition on a new page
        return said_row(header, row, line.text) or _SKIP


def said_row(header: tuple[str, ...], row: list[str], printed: str) -> str:
    """'Chỉ tiêu: Quy mô kinh tế số; đơn vị: % GDP; kết quả: ≥ 30'. The row's number is left
    out, and so is a column name that would state a name or figure the printed row does not
    hold (a draft states nothing its quote does not)."""
    evidence = claim_key(printed)
    parts = []
    for n, value in enumerate(row):
        if not value or (n == 0 and _ORDINAL.match(value)):
            continue
        name = header[n] if n < len(header) else ""
        name = lower_first(name) if parts else name
        if name and all(supported(c, evidence) for c in claims(name)):
            parts.append(f"{name}: {value}")
        else:
            parts.append(value)
    return upper_first("; ".join(parts))
