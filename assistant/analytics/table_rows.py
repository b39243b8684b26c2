"""Targets, dated tasks and assignments read from the tables documents append ("Danh mục
các chỉ tiêu", "Danh mục nhiệm vụ": "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
Thời gian hoàn thành |"). What a column holds is data (resources/columns.yaml); every row keeps
the row as printed as its quote, and the group rows above it ("I. Đến năm 2030") as its horizon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from assistant.analytics.anatomy import horizon_of
from assistant.ingest.tables import Row, table_rows
from assistant.model import ParsedDocument
from assistant.resources import package_path
from assistant.text.dates import key, time_in_cell

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# A value cell as printed: an optional comparator, then the figure ("≥ 30", "trên 55%", "100").
_COMPARATOR = re.compile(r"^(?P<cmp>≥|≤|>|<|=|~|tối thiểu|tối đa|ít nhất|trên|dưới|khoảng|đạt|hơn|từ)?\s*(?P<rest>.*)$", re.IGNORECASE)
# Bodies listed in one cell, by commas or semicolons; a piece that starts neither with a capital,
# an acronym nor "các" continues the name before it ("Bộ Văn hóa, Thể thao và Du lịch" stays
# whole, and so does "Các bộ, ngành, địa phương").
_PIECES = re.compile(r"\s*[;\n]\s*|\s*,\s*")
_RUN_TOGETHER = re.compile(r"(\S)\s+((?:Bộ|Sở|UBND|Ban|Văn phòng|Ủy ban|Công an|Đài|Tổng công ty|Tập đoàn) [A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")
_BODY_START = ("Bộ ", "Sở ", "Ban ", "Ủy ban", "Uỷ ban", "UBND", "HĐND", "Văn phòng", "Các ", "các ", "Tổng ", "Cục ",
               "Ngân hàng", "Tập đoàn", "Đài ", "Thông tấn", "Viện ", "Học viện", "Đại học", "Hội ", "Liên đoàn", "Mặt trận",
               "Tòa án", "Kiểm toán", "Công an", "Quân ", "Đảng ", "Thành ủy", "Tỉnh ủy", "Trung tâm", "Quỹ ", "Công ty")


@dataclass(frozen=True)
class _Columns:
    roles: dict[int, str]  # column index -> role
    horizons: dict[int, str]  # value column index -> year of its header


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(package_path("columns.yaml").read_text(encoding="utf-8"))
    return {role: tuple(key(w) for w in words) for role, words in data.items()}


def _columns(header: tuple[str, ...]) -> _Columns:
    lexicon = _lexicon()
    roles: dict[int, str] = {}
    horizons: dict[int, str] = {}
    for n, cell in enumerate(header):
        k = " ".join(key(cell).split())
        year = _YEAR.search(k)
        # the longest entry that names the cell wins: "cơ quan phối hợp" over "cơ quan"
        best = max(((len(w), role) for role, words in lexicon.items() for w in words
                    if k == w or (k.startswith(w) and not k[len(w)].isalnum())), default=None)
        if best is not None:
            roles[n] = best[1]
        elif year:
            roles[n], horizons[n] = "value", year.group(1)
    has_indicator = "indicator" in roles.values()
    # "Kết quả" is the value in a table of indicators and the product in a table of tasks.
    for n, role in list(roles.items()):
        if role == "value" and not has_indicator and n not in horizons:
            roles[n] = "product"
    return _Columns(roles, horizons)


def _cell(row: Row, cols: _Columns, role: str) -> str:
    return next((row.cells[n] for n, r in cols.roles.items() if r == role and n < len(row.cells) and row.cells[n]), "")


def bodies_in(cell: str) -> list[str]:
    out: list[str] = []
    # "Sở Khoa học và Công nghệ Sở Công Thương": two bodies run together without a comma
    cell = _RUN_TOGETHER.sub(lambda m: m.group(1) + "; " + m.group(2), cell)
    for piece in (p.strip(" .") for p in _PIECES.split(cell)):
        if not piece:
            continue
        starts = piece.startswith(_BODY_START) or piece.split()[0].isupper()
        if out and not starts:
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def when_of(cell: str):
    """(label as printed, kind, year, sort key) of a deadline cell, or None."""
    text = " ".join(cell.split())
    w = time_in_cell(text) if text else None
    return (text, w.kind, w.year, w.sort) if w else None


def table_targets(parsed: ParsedDocument) -> list:
    from assistant.analytics.targets import Target

    out = []
    for row in table_rows(parsed.document.text):
        cols = _columns(row.header)
        indicator = _cell(row, cols, "indicator")
        if not indicator:
            continue
        section = parsed.tree.section_at(row.start)
        section_id = section.id if section else ""
        horizon_default = (horizon_of(parsed.tree, section) or "") if section else ""
        for n, role in cols.roles.items():
            if role != "value" or n >= len(row.cells) or not row.cells[n]:
                continue
            m = _COMPARATOR.match(row.cells[n])
            out.append(Target(indicator=indicator, value=m["rest"].strip(), unit=_cell(row, cols, "unit"),
                              horizon=cols.horizons.get(n, horizon_default), section_id=section_id, quote=row.text,
                              doc_id=parsed.doc_id, comparator=(m["cmp"] or "").strip(), kind="figure",
                              heading=section.title if section else "", start=row.start, end=row.end))
    return out


def _task_rows(parsed: ParsedDocument):
    for row in table_rows(parsed.document.text):
        cols = _columns(row.header)
        task = _cell(row, cols, "task")
        if task and ("lead" in cols.roles.values() or "deadline" in cols.roles.values()):
            section = parsed.tree.section_at(row.start)
            yield row, cols, task, section.id if section else ""


def table_responsibilities(parsed: ParsedDocument) -> list:
    from assistant.analytics.tasks import Responsibility

    out = []
    for row, cols, task, section_id in _task_rows(parsed):
        deadline = _cell(row, cols, "deadline")
        base = dict(task=task, deadline=deadline, section_id=section_id, quote=row.text, doc_id=parsed.doc_id,
                    start=row.start, end=row.end)
        out += [Responsibility(body, "chủ trì", **base) for body in bodies_in(_cell(row, cols, "lead"))]
        out += [Responsibility(body, "phối hợp", **base) for body in bodies_in(_cell(row, cols, "partners"))]
    return out


def table_timeline(parsed: ParsedDocument) -> list:
    from assistant.analytics.tasks import Deadline

    out = []
    for row, cols, task, section_id in _task_rows(parsed):
        when = when_of(_cell(row, cols, "deadline"))
        if when is None:
            continue
        label, kind, year, order = when
        bodies = "; ".join(bodies_in(_cell(row, cols, "lead")))
        out.append(Deadline(label, kind, bodies, task, section_id, row.text, parsed.doc_id, year, row.start, row.end, order))
    return out
