"""Tables written as pipe rows ("| 10 | Quy mô kinh tế số | % GDP | ≥ 30 |"), as Markdown and
plain-text conversions of appendix tables print them (DOCX tables are written the same way by
the DOCX reader).

A row is only meaningful with its column headers, so each row can be rendered with them
("Chỉ tiêu: Quy mô kinh tế số | Đơn vị: % GDP | Kết quả: ≥ 30"); a group row ("| I | Đến năm
2030 | | |") is a heading of the rows under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.markers import match_heading

_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
_BOLD = re.compile(r"\*\*|__")
# How many cells of a row may be filled for it to be a group row: its number and its title.
_GROUP_FILLED = 2
# How many cells a header row has at least (two-column blocks are layout, not tables).
_HEADER_CELLS = 3


def is_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def cells(line: str) -> list[str]:
    """The cells of a pipe row, markup removed; the outer pipes are optional."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [" ".join(_BOLD.sub("", c).split()) for c in s.split("|")]


def is_separator(line: str) -> bool:
    """'|---|:---:|' under a header row."""
    row = cells(line)
    return bool(row) and all(_SEPARATOR_CELL.match(c) or not c for c in row) and any(row)


@dataclass(frozen=True)
class Table:
    start_line: int  # index of the table's first row among the lines given
    end_line: int  # one past the last row
    header: tuple[str, ...]
    # whether the first row is the header; a part continued after a page break has none (its
    # header is the table's before it)
    has_header: bool = True


def find_tables(lines: list[str]) -> list[Table]:
    """Runs of pipe rows; the header is the first row when a separator row follows it, or when
    it holds no figure and the rows under it do (tables converted without separators)."""
    out: list[Table] = []
    i = 0
    while i < len(lines):
        if not is_row(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and (is_row(lines[j]) or (not lines[j].strip() and j + 1 < len(lines) and is_row(lines[j + 1]))):
            j += 1
        header = tuple(cells(lines[i]))
        has_separator = i + 1 < j and is_separator(lines[i + 1])
        if out and is_group_row(lines[i]) and not has_separator:
            # a table continued after a page break opens with a group row: its columns are
            # those of the table before
            out.append(Table(i, j, out[-1].header, has_header=False))
        elif has_separator or not any(any(ch.isdigit() for ch in c) for c in header):
            out.append(Table(i, j, header))
        i = j
    return out


def render(header: tuple[str, ...], row: list[str]) -> str:
    """'Chỉ tiêu: Quy mô kinh tế số | Đơn vị: % GDP | Kết quả: ≥ 30': a row with its headers."""
    parts = []
    for n, value in enumerate(row):
        if not value:
            continue
        name = header[n] if n < len(header) and header[n] else ""
        parts.append(f"{name}: {value}" if name else value)
    return " | ".join(parts)


def group_heading(line: str) -> str | None:
    """A group row read as the heading it is: '| **I** | **Đến năm 2030** | | |' -> 'I. Đến năm
    2030'. Rows with more cells filled are data rows, never headings."""
    if not is_row(line) or is_separator(line):
        return None
    row = cells(line)
    filled = [c for c in row if c]
    if not filled or len(filled) > _GROUP_FILLED or not row[0]:
        return None
    number = row[0].rstrip(".")
    title = next((c for c in row[1:] if c), "")
    candidate = f"{number}. {title}".strip() if title else ""
    marker = match_heading(candidate) if candidate else None
    return candidate if marker is not None and marker.kind in ("roman", "part") else None


def repeats_header(line: str) -> bool:
    """A header printed again inside a table ("| **Nội dung** | **Đơn vị thực hiện** | ... |"
    after a group row): every cell in bold, three or more, no figure. Never a data row."""
    raw = [c.strip() for c in line.strip().strip("|").split("|")]
    filled = [c for c in raw if c]
    return (len(filled) >= _HEADER_CELLS and all(c.startswith("**") and c.endswith("**") for c in filled)
            and not any(ch.isdigit() for c in filled for ch in c))


_GROUP_MARK = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ]|\d{1,2}(?:\.\d{1,2})*)\.?$")


def is_group_row(line: str) -> bool:
    """A row that groups the rows under it: a mark ("I", "A", "2.1") and a title, the other cells
    merged or empty ("| C | CÁC GIẢI PHÁP PHÁT TRIỂN ... | | |"). Wider than `group_heading`,
    which only takes the marks a section tree can take."""
    if not is_row(line) or is_separator(line):
        return False
    row = cells(line)
    filled = [c for c in row if c]
    return 2 <= len(filled) <= _GROUP_FILLED and bool(row[0]) and bool(_GROUP_MARK.match(row[0]))


@dataclass(frozen=True)
class Row:
    """A data row of a table: its span in the text (the row as printed), cells and headers."""

    start: int
    end: int
    text: str
    cells: tuple[str, ...]
    header: tuple[str, ...]


def table_rows(text: str) -> list[Row]:
    """Every data row of every table of a text: header, separator and group rows left out."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    out: list[Row] = []
    for table in find_tables(lines):
        for i in range(table.start_line + int(table.has_header), table.end_line):
            line = lines[i]
            if not is_row(line) or is_separator(line) or group_heading(line) or is_group_row(line):
                continue
            row = tuple(cells(line))
            if row == table.header or not any(row) or repeats_header(line):
                continue
            start = offsets[i] + (len(line) - len(line.lstrip()))
            out.append(Row(start, offsets[i] + len(line.rstrip()), line.strip(), row, table.header))
    return out
