"""Tables converted one cell per line, back into pipe rows.

Web copies of legal texts print a table as its cells, one after another, with a line holding
only "|" between two cells and an empty cell ("|" twice) at the end of a row:

    |            <- the table starts
    **TT**
    |
    **Chỉ tiêu**
    |
    ...
    |
    |            <- the row ends
    1
    |
    Tỉ lệ dịch vụ công trực tuyến toàn trình trên tổng
    số thủ tục hành chính có đủ điều kiện.
    |

A cell may span several lines, a group row ("I | Giai đoạn 2025-2027") is followed by the empty
cells it merges, and an appendix heading ("PHỤ LỤC II ... (Kèm theo ...)") may stand as one more
cell between two tables with no row break around it. No converter we could find reads this
layout (Markdown readers need one row per line), so it is rebuilt here.

Data tables (three columns or more) are rebuilt as one pipe row per table row, the first row as
the header with a separator under it, so a row is never cut and always carries its headers
(ingest.tables reads them). The two-column layout blocks of the header and the signature keep
their line breaks, which the header and closing readers rely on; only their bars become pipes.
"""

from __future__ import annotations

import re

from assistant.ingest.tables import is_group_row
from assistant.text.markers import APPENDIX

_BAR = "|"
# "\n|\n|\n": the end of a row; a text with fewer such breaks has no such table.
_ROW_BREAK = "\n|\n|\n"
_MIN_ROWS = 2
# A table with this many columns holds data; fewer are the two-column layout blocks.
_DATA_COLUMNS = 3
# A "cell" longer than this is body text laid out in a table by a web page. Measured on
# evals/corpora/library (hard wraps joined): table cells hold at most 504 characters (signature
# blocks 563), the text a page lays out in one cell 1,098 or more.
_CELL_MAX_CHARS = 900
_MARKUP = re.compile(r"^[*_\s]+|[*_\s]+$")
# How the layout blocks are written back (the text of each cell kept line for line).
_TABLE_START = re.compile(r"(?<=\n\n)\|\n(?=[^\n|])")
_CELL_BREAK = re.compile(r"(?<=[^\n|])\n\|\n(?=[^\n|])")


def inline_flat_tables(raw: str) -> str:
    """The text with every table converted one cell per line written as pipe rows."""
    if raw.count(_ROW_BREAK) < _MIN_ROWS:
        return raw
    lines = raw.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != _BAR or not _opens_run(lines, i):
            out.append(lines[i])
            i += 1
            continue
        end = _run_end(lines, i)
        out.extend(_rebuild(lines[i:end]))
        i = end
    text = "\n".join(out)
    # Layout blocks: "\n|\n" between two cells becomes " | ", "\n|\n|\n" between rows " |\n| ".
    text = text.replace(_ROW_BREAK, " |\n| ")
    text = _CELL_BREAK.sub(" | ", text)
    return _TABLE_START.sub("| ", text)


def _opens_run(lines: list[str], i: int) -> bool:
    return i == 0 or not lines[i - 1].strip()


def _run_end(lines: list[str], start: int) -> int:
    """One past the bar that closes the run: the last bar before a blank line or the end."""
    last_bar = start
    for j in range(start + 1, len(lines)):
        if lines[j].strip() == _BAR:
            last_bar = j
        elif not lines[j].strip() and j == last_bar + 1:
            break
    return last_bar + 1


def _segments(run: list[str]) -> list[list[str]]:
    """The cells of a run, each as its lines; an empty list is an empty cell."""
    cells: list[list[str]] = []
    current: list[str] | None = None
    for line in run:
        if line.strip() == _BAR:
            if current is not None:
                cells.append(current)
            current = []
        else:
            assert current is not None  # a run starts with a bar
            current.append(line)
    return cells


def _kind(cell: list[str]) -> str:
    """"heading" for an appendix heading standing as a cell, "text" for a run of body text
    standing as one (a web page that lays the whole document out in a table), else "cell"."""
    first = next((_MARKUP.sub("", t) for t in cell if t.strip()), "")
    if APPENDIX.match(first) and first.isupper():  # "PHỤ LỤC II", not a cell citing "Phụ lục 2"
        return "heading"
    return "text" if sum(len(t) for t in cell) > _CELL_MAX_CHARS else "cell"


def _rebuild(run: list[str]) -> list[str]:
    """The lines of one run: data tables as pipe rows, appendix headings between tables as
    text, everything else given back with its bars for the bar-to-pipe pass."""
    out: list[str] = []
    at_bar = False

    def barred(cell: list[str]) -> None:
        nonlocal at_bar
        if not at_bar:
            out.append(_BAR)
        out.extend([*cell, _BAR])
        at_bar = True

    group: list[list[str]] = []

    def flush() -> None:
        nonlocal at_bar
        rows = _rows(group)
        # a table's first part opens with its header; a part after a page break with a group
        # row ("C | CÁC GIẢI PHÁP ...") and goes on with data rows (ingest.tables gives it the
        # header of the table before)
        if len(rows) >= _MIN_ROWS and (len(rows[0]) >= _DATA_COLUMNS
                                       or (is_group_row(_row_line(rows[0])) and max(len(r) for r in rows) >= _DATA_COLUMNS)):
            out.extend(_table_lines(rows))
            at_bar = False
        else:
            for cell in group:
                barred(cell)
        group.clear()

    for cell in _segments(run):
        kind = _kind(cell)
        if kind == "cell":
            group.append(cell)
            continue
        flush()
        if kind == "heading":
            out.extend(["", *cell, ""])
            at_bar = False
        else:
            barred(cell)
    flush()
    return out


def _rows(cells: list[list[str]]) -> list[list[list[str]]]:
    """Cells grouped into rows: a row ends at an empty cell (several for a merged group row)."""
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    for cell in cells:
        if cell and any(t.strip() for t in cell):
            row.append(cell)
        elif row:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows


def _table_lines(rows: list[list[list[str]]]) -> list[str]:
    width = len(rows[0])
    out = [""]
    for n, row in enumerate(rows):
        out.append(_row_line(row))
        if n == 0 and width >= _DATA_COLUMNS:  # a header row (a group row opens a continued part)
            out.append("|" + "---|" * width)
    out.append("")
    return out


def _row_line(row: list[list[str]]) -> str:
    """A row as one pipe line, each cell's lines joined by a space."""
    return "| " + " | ".join(" ".join(t.strip() for t in cell if t.strip()) for cell in row) + " |"
