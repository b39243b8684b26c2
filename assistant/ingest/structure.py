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

from assistant.ingest.blocks import is_name_word, layout, proper_case, starts_with
from assistant.ingest.tables import group_heading, is_row
from assistant.model import CLOSING_ID, PREAMBLE, Section, SectionTree
from assistant.text.markers import APPENDIX as _APPENDIX
from assistant.text.markers import CLOSING, Marker, is_signature, match_heading, ordinal

# Nesting rank of each heading kind: a heading closes every open section of equal or
# deeper rank. Sub-item depth adds to "subitem" (2.1 -> 5, 2.1.3 -> 6).
_RANK = {"part": 0, "chapter": 1, "roman": 2, "muc": 2, "article": 3, "numbered": 4, "subitem": 5, "paren": 6, "point": 7}
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


# An appendix or a document issued with the text opens a numbering of its own above every
# heading kind; a closing block sits at the same level.
_CONTEXT_RANK = -1
# "(Ban hành kèm theo Quyết định số ...)", "(Kèm theo Nghị quyết ...)": what marks an attached text.
_ATTACHED_NOTE = re.compile(r"^\*?\(\s*(?:Ban hành\s+)?[Kk]èm theo\b")
_DRAFT = re.compile(r"^(?:DỰ THẢO|Dự thảo)\s+")
# A heading word alone on its line, its number on the next ("Điều" / "1. Phạm vi ...") in
# texts converted with hard line breaks.
_LONE_HEADING_WORD = re.compile(r"^(?:ĐIỀU|Điều|CHƯƠNG|Chương|MỤC|Mục|PHẦN|Phần)$")
# Bold markers a converter left unmatched around a heading ("**Điều 1.****").
_BOLD_EDGES = re.compile(r"^\*\*+|\*\*+$")
_CELL_EDGE = re.compile(r"^\|\s+|\s+\|$")
_ATTACHED_LOOKAHEAD = 5  # lines after a kind line where its "(kèm theo ...)" note may stand
_CONTEXT_TITLE_LINES = 3
_BLANKS = re.compile(r"\s+")


def parse_sections(text: str, doc_id: str = "") -> SectionTree:
    """Build the section tree of a cleaned document text."""
    headings: list[tuple[int, str, str, str, str, str | None, tuple[str, ...], int]] = []
    stack: list[_Open] = []
    top_children: dict[str, dict[str, int]] = {"": {}}  # per numbering context
    used_ids: set[str] = set()
    context: _Open | None = None  # the appendix or attached document being read
    in_closing = False
    title_until = 0
    lines = list(_logical_lines(text))

    for n, (line_start, line) in enumerate(lines):
        if CLOSING.match(line):
            # "Nơi nhận" and the signature, wherever they sit: the text goes on after them.
            sid = _unique(f"{context.section_id}.{CLOSING_ID}" if context else CLOSING_ID, used_ids)
            headings.append((line_start, sid, CLOSING_ID, "", "Nơi nhận và chữ ký", context.section_id if context else None,
                             (context.section_id,) if context else (), _CONTEXT_RANK + (1 if context else 0)))
            stack = [context] if context else []
            in_closing = True
            continue
        opened = _context_marker(lines, n, in_closing or bool(headings)) if n >= title_until else None
        if opened is not None:
            sid, kind, num, title = opened
            sid = _unique(sid, used_ids)
            headings.append((line_start, sid, kind, num, title, None, (), _CONTEXT_RANK))
            context = _Open(sid, kind, _CONTEXT_RANK, line_start, num)
            # the appendix's title lines ("PHỤ LỤC II" / "CHƯƠNG TRÌNH ..." / "(Kèm theo ...)") open nothing more
            title_until = n + 1 + _ATTACHED_LOOKAHEAD if kind == "appendix" else n + 1
            top_children.setdefault(sid, {})
            stack = [context]
            in_closing = False
            continue
        if in_closing:
            continue  # recipients and signature lines are never headings
        if not headings and is_signature(line):
            continue
        marker = match_heading(line)
        if marker is None:
            continue
        rank = _RANK[marker.kind] + (marker.num.count(".") - 1 if marker.kind == "subitem" else 0)
        open_stack = [o for o in stack if o.rank < rank]
        parent = open_stack[-1] if open_stack else None
        siblings = _siblings(marker, parent, context, top_children)
        if not _accept(marker, parent, siblings):
            continue
        section_id = _section_id(marker, parent, context)
        if section_id in used_ids:
            continue  # a repeated number is body text ("1." restarting a list), not a new section
        stack = open_stack
        siblings[marker.kind] = ordinal(marker.kind, marker.num)
        used_ids.add(section_id)
        path = tuple(o.section_id for o in stack)
        title = _title(marker, line, next((t for _, t in lines[n + 1 : n + 4] if t), ""))
        headings.append((line_start, section_id, marker.kind, marker.num, title, path[-1] if path else None, path, rank))
        stack.append(_Open(section_id, marker.kind, rank, line_start, marker.num))

    if not any(h[2] == CLOSING_ID for h in headings):
        tail = _signature_at_end(lines)
        if tail is not None and (not headings or tail > headings[-1][0]):
            headings.append((tail, CLOSING_ID, CLOSING_ID, "", "Nơi nhận và chữ ký", None, (), _CONTEXT_RANK))
    sections: list[Section] = []
    first_start = headings[0][0] if headings else len(text)
    if text[:first_start].strip():
        sections.append(Section(PREAMBLE, "Phần mở đầu", "", PREAMBLE, None, (), 0, first_start, first_start))
    for i, (start, sid, kind, num, title, parent, path, rank) in enumerate(headings):
        own_end = headings[i + 1][0] if i + 1 < len(headings) else len(text)
        end = len(text)
        for later in headings[i + 1 :]:
            if later[7] <= rank:
                end = later[0]
                break
        label = f"{sid}." if kind == "appendix" and title != sid else "" if kind in (CLOSING_ID, "appendix", "attached") else _label(kind, num)
        number = ordinal(kind, num) if kind not in (CLOSING_ID, "appendix", "attached") else 0
        sections.append(Section(sid, title, label, kind, parent, path, start, own_end, end, number))
    return SectionTree(doc_id, len(text), sections)


def _signature_at_end(lines: list[tuple[int, str]]) -> int | None:
    """Offset of a signature that ends a text without "Nơi nhận" ("CHỦ TỊCH QUỐC HỘI" / "Nguyễn
    Thị Kim Ngân", as laws end): the signer's title in capitals, then the name, last."""
    filled = [(o, t) for o, t in lines if t]
    if len(filled) < 2:
        return None
    name = filled[-1][1].split()
    if not 2 <= len(name) <= 5 or not all(is_name_word(w) for w in name):
        return None
    start = None
    for o, t in reversed(filled[-4:-1]):
        if not (t.isupper() and len(t) <= _TITLE_MAX):
            break
        start = o
    return start


def _unique(section_id: str, used: set[str]) -> str:
    """A second "Phụ lục" or closing block of one document gets a number of its own."""
    candidate, n = section_id, 2
    while candidate in used:
        candidate, n = f"{section_id} {n}", n + 1
    used.add(candidate)
    return candidate


def _context_marker(lines: list[tuple[int, str]], n: int, body_started: bool) -> tuple[str, str, str, str] | None:
    """(id, kind, number, title) when line n opens an appendix ("PHỤ LỤC I") or a document
    issued with the text: a kind in capitals ("QUY CHẾ", "CHƯƠNG TRÌNH HÀNH ĐỘNG") followed by
    its "(Ban hành kèm theo ...)" note, or standing right after a closing block."""
    line = lines[n][1]
    following = [t for _, t in lines[n + 1 : n + 1 + _ATTACHED_LOOKAHEAD] if t]
    m = _APPENDIX.match(line)
    if m and body_started:
        num = m.group("num") or ""
        title = m.group("title") or _caps_title(following)
        return (f"Phụ lục {num}".strip(), "appendix", num, short_title(title) if title else f"Phụ lục {num}".strip())
    if not body_started or len(line) > _TITLE_MAX * 2:
        return None
    kind = starts_with(_DRAFT.sub("", line), layout()["kinds"])
    if kind is None or not _DRAFT.sub("", line)[: len(kind)].isupper():
        return None
    noted = any(_ATTACHED_NOTE.match(t) for t in following)
    after_closing = _previous_heading_is_closing(lines, n)
    if not (noted or after_closing):
        return None
    rest = _BLANKS.sub(" ", _DRAFT.sub("", line)[len(kind):]).strip()
    named = proper_case(" ".join(filter(None, [rest, _caps_title(following)])), names=False)
    title = short_title(f"{kind} {named[:1].lower()}{named[1:]}" if named else kind)
    return (kind, "attached", "", title)


def _caps_title(following: list[str]) -> str:
    """The title lines in capitals under an appendix or attached-document line."""
    title: list[str] = []
    for t in following[:_CONTEXT_TITLE_LINES]:
        if not t.isupper() or _ATTACHED_NOTE.match(t) or match_heading(t):
            break
        title.append(t)
    return " ".join(title)


def _previous_heading_is_closing(lines: list[tuple[int, str]], n: int) -> bool:
    for _, t in reversed(lines[:n]):
        if CLOSING.match(t):
            return True
        if match_heading(t) or _APPENDIX.match(t):
            return False
    return False


def _logical_lines(text: str):
    """(offset, stripped line); a heading word alone on its line is read with the next line."""
    raw = [(start, _BOLD_EDGES.sub("", line.strip()).strip()) for start, line in _lines(text)]
    skip = False
    for i, (start, stripped) in enumerate(raw):
        if skip:
            skip = False
            continue
        group = group_heading(stripped)
        if group:  # a table's group row ("| I | Đến năm 2030 | | |") heads the rows under it
            yield start, group
            continue
        if not is_row(stripped):
            # the edge of a cell of a two-column block ("| Nơi nhận:", "Lưu: VT. |") is not text
            stripped = _CELL_EDGE.sub("", stripped)
        if _LONE_HEADING_WORD.match(stripped):
            nxt = next(((j, t.strip()) for j, (_, t) in enumerate(raw[i + 1 : i + 3], i + 1) if t.strip()), None)
            if nxt and nxt[1][:1].isdigit() or (nxt and re.match(r"^[IVXL]+\b", nxt[1])):
                yield start, f"{stripped} {nxt[1]}"
                skip = nxt[0] == i + 1
                continue
        yield start, stripped


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _accept(marker: Marker, parent: _Open | None, siblings: dict[str, int]) -> bool:
    """Guard against body text that happens to start like a heading: numbers must follow on
    from the previous sibling (allowing one skipped number), and a sub-item "2.1" must sit
    under item "2"."""
    n = ordinal(marker.kind, marker.num)
    last = siblings.get(marker.kind, 0)
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


def _siblings(marker: Marker, parent: _Open | None, context: _Open | None,
              top_children: dict[str, dict[str, int]]) -> dict[str, int]:
    """Where the last number of this kind is remembered: per parent, or per numbering context
    (the main text, each appendix, each attached document)."""
    if marker.kind in _GLOBAL_KINDS or parent is None or parent is context:
        return top_children[context.section_id if context else ""]
    return parent.last_child


def _section_id(marker: Marker, parent: _Open | None, context: _Open | None = None) -> str:
    kind, num = marker.kind, marker.num
    prefix = f"{context.section_id}." if context else ""
    if kind == "part":
        return f"{prefix}Phần {num}"
    if kind == "chapter":
        return f"{prefix}Chương {num}"
    if kind == "article":
        return f"{prefix}Điều {num}"
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


def _title(marker: Marker, line: str, next_line: str = "") -> str:
    """The heading's title; a chapter's name may stand on the next line ("Chương II" /
    "THÀNH LẬP DOANH NGHIỆP"): a chapter is named by its name, never by its numeral."""
    title = marker.title or ""
    if not title and marker.kind in ("part", "chapter", "muc"):
        if next_line and not match_heading(next_line) and len(next_line) <= _TITLE_MAX * 2:
            return short_title(re.sub(r"\s+", " ", next_line))
        return marker.num
    return short_title(re.sub(r"\s+", " ", title))
