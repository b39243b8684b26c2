"""Section tree of Vietnamese administrative documents, following the document's own numbering.

Ids (DESIGN.md): Roman parts "II", numbered items "II.2", sub-items "II.2.1"; text before the
first heading is "preamble", "Nơi nhận" and the signature are "closing". Bullets (-, +) stay in
their section. Legal shapes get ids of the same style: "Chương I", "Chương I.Mục 2",
"Điều 5" (articles are numbered through the whole document), "Điều 5.1" (khoản), "Điều 5.1.a"
(điểm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.model import CLOSING_ID, PREAMBLE, Section, SectionTree
from assistant.text.markers import CLOSING, Marker, is_signature, match_heading, ordinal

# Nesting rank of each heading kind: a heading closes every open section of equal or
# deeper rank. Sub-item depth adds to "subitem" (2.1 -> 5, 2.1.3 -> 6).
_RANK = {"part": 0, "chapter": 1, "roman": 2, "muc": 2, "article": 3, "numbered": 4, "subitem": 5, "paren": 6, "point": 7}
# The closing block ("Nơi nhận", signature) is only looked for in the last part of a document.
_CLOSING_FROM = 0.5
_TITLE_MAX = 100
# Kinds numbered through the whole document rather than within their parent.
_GLOBAL_KINDS = frozenset({"part", "chapter", "article"})


def short_title(text: str, limit: int = _TITLE_MAX) -> str:
    """A heading that is a whole paragraph (V.1 ... V.6) is cut to its first clause."""
    text = " ".join(text.split()).rstrip(":")
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for stop in (". ", "; ", ", "):
        i = cut.rfind(stop, 40)
        if i > 0:
            return cut[:i] + "…"
    return cut.rsplit(" ", 1)[0] + "…"


@dataclass
class _Open:
    section_id: str
    kind: str
    rank: int
    start: int
    marker_num: str
    last_child: dict[str, int] = field(default_factory=dict)  # kind -> last ordinal seen


def parse_sections(text: str, doc_id: str = "") -> SectionTree:
    """Build the section tree of a cleaned document text."""
    headings: list[tuple[int, str, str, str, str, str | None, tuple[str, ...], int]] = []
    stack: list[_Open] = []
    top_children: dict[str, int] = {}
    used_ids: set[str] = set()
    closing_start: int | None = None

    for line_start, raw_line in _lines(text):
        line = raw_line.strip()
        if line_start >= len(text) * _CLOSING_FROM and (CLOSING.match(line) or (is_signature(line) and headings)):
            closing_start = line_start
            break
        marker = match_heading(line)
        if marker is None:
            continue
        rank = _RANK[marker.kind] + (marker.num.count(".") - 1 if marker.kind == "subitem" else 0)
        open_stack = [o for o in stack if o.rank < rank]
        parent = open_stack[-1] if open_stack else None
        if not _accept(marker, parent, top_children):
            continue
        section_id = _section_id(marker, parent)
        if section_id in used_ids:
            continue  # a repeated number is body text ("1." restarting a list), not a new section
        stack = open_stack
        _siblings(marker, parent, top_children)[marker.kind] = ordinal(marker.kind, marker.num)
        used_ids.add(section_id)
        path = tuple(o.section_id for o in stack)
        headings.append(
            (line_start, section_id, marker.kind, marker.num, _title(marker, line), path[-1] if path else None, path, rank)
        )
        stack.append(_Open(section_id, marker.kind, rank, line_start, marker.num))

    body_end = closing_start if closing_start is not None else len(text)
    sections: list[Section] = []
    first_start = headings[0][0] if headings else body_end
    if text[:first_start].strip():
        sections.append(Section(PREAMBLE, "Phần mở đầu", "", PREAMBLE, None, (), 0, first_start, first_start))
    for i, (start, sid, kind, num, title, parent, path, rank) in enumerate(headings):
        own_end = headings[i + 1][0] if i + 1 < len(headings) else body_end
        end = body_end
        for later in headings[i + 1 :]:
            if later[7] <= rank:
                end = later[0]
                break
        sections.append(Section(sid, title, _label(kind, num), kind, parent, path, start, own_end, end, ordinal(kind, num)))
    if closing_start is not None:
        sections.append(
            Section(CLOSING_ID, "Nơi nhận và chữ ký", "", CLOSING_ID, None, (), closing_start, len(text), len(text))
        )
    return SectionTree(doc_id, len(text), sections)


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _accept(marker: Marker, parent: _Open | None, top_children: dict[str, int]) -> bool:
    """Guard against body text that happens to start like a heading: numbers must follow on
    from the previous sibling (allowing one skipped number), and a sub-item "2.1" must sit
    under item "2"."""
    n = ordinal(marker.kind, marker.num)
    last = _siblings(marker, parent, top_children).get(marker.kind, 0)
    if marker.kind == "article" and not marker.num.isdigit():
        return last <= n <= last + 1  # "Điều 1a." inserted after "Điều 1."
    if last == 0 and marker.kind in ("roman", "part", "chapter"):
        return n <= 20  # an excerpt may start at part III
    if not (last < n <= last + 2):
        return False
    if marker.kind == "subitem":
        head = marker.num.rsplit(".", 1)[0]
        return parent is not None and parent.marker_num == head
    return True


def _siblings(marker: Marker, parent: _Open | None, top_children: dict[str, int]) -> dict[str, int]:
    """Where the last number of this kind is remembered: per parent, or per document."""
    if marker.kind in _GLOBAL_KINDS or parent is None:
        return top_children
    return parent.last_child


def _section_id(marker: Marker, parent: _Open | None) -> str:
    kind, num = marker.kind, marker.num
    if kind == "part":
        return f"Phần {num}"
    if kind == "chapter":
        return f"Chương {num}"
    if kind == "article":
        return f"Điều {num}"
    if kind == "muc":
        local = f"Mục {num}"
    elif kind == "subitem":
        local = num.rsplit(".", 1)[-1]
    else:
        local = num
    return f"{parent.section_id}.{local}" if parent else local


def _label(kind: str, num: str) -> str:
    return {
        "part": f"Phần {num}.",
        "chapter": f"Chương {num}.",
        "muc": f"Mục {num}.",
        "article": f"Điều {num}.",
        "point": f"{num})",
        "paren": f"{num})",
    }.get(kind, f"{num}.")


def _title(marker: Marker, line: str) -> str:
    title = marker.title or ""
    if not title and marker.kind in ("part", "chapter", "muc"):
        return marker.num
    return short_title(re.sub(r"\s+", " ", title))
