"""Tables converted one cell per line (web copies of legal texts) read back row by row: a cell
over several lines stays one cell, a group row's merged cells do not make empty rows, an appendix
heading printed as a cell starts its own table, and the two-column header and signature blocks
keep the lines their readers rely on."""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest.flat_tables import inline_flat_tables
from assistant.ingest.loader import load_document
from assistant.ingest.structure import parse_sections
from assistant.ingest.tables import render, table_rows

LIBRARY = PROJECT_ROOT / "evals" / "corpora" / "library"


def _flat(*rows: list[str], lead: str = "") -> str:
    """A table written the way those copies write it: a bar line between cells, two between rows."""
    out = [lead, ""] if lead else []
    out.append("|")
    for row in rows:
        for cell in row:
            out += [*cell.split("\n"), "|"]
        out.append("|")
    return "\n".join(out) + "\n\nĐoạn văn sau bảng."


TASKS = _flat(
    ["**TT**", "**Nhiệm vụ**", "**Cơ quan chủ\ntrì**", "**Thời gian**"],
    ["**I**", "**Hoàn thiện\nthể chế**"],
    ["1", "Xây dựng cơ chế đặt hàng\nnghiên cứu khoa học.", "Sở Khoa học và\nCông nghệ", "Năm 2026"],
    ["2", "Rà soát chính sách.", "Sở Tài chính", "Thường xuyên"],
)


def test_each_row_is_one_line_with_its_cells_joined_and_its_headers():
    rows = table_rows(inline_flat_tables(TASKS))
    assert [r.cells for r in rows] == [
        ("1", "Xây dựng cơ chế đặt hàng nghiên cứu khoa học.", "Sở Khoa học và Công nghệ", "Năm 2026"),
        ("2", "Rà soát chính sách.", "Sở Tài chính", "Thường xuyên"),
    ]
    assert render(rows[0].header, list(rows[0].cells)).startswith("TT: 1 | Nhiệm vụ: Xây dựng")
    assert "Cơ quan chủ trì: Sở Khoa học và Công nghệ" in render(rows[0].header, list(rows[0].cells))


def test_a_group_row_is_a_heading_and_its_merged_cells_make_no_empty_row():
    text = inline_flat_tables(TASKS)
    assert "| I | Hoàn thiện thể chế |" in text.replace("**", "")
    assert "| | |" not in text
    tree = parse_sections(f"KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nNội dung.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n{text}", "t")
    assert tree.get("Phụ lục.I") is not None and tree.get("Phụ lục.I").title == "Hoàn thiện thể chế"


def test_an_appendix_heading_printed_as_a_cell_starts_its_own_table():
    first = _flat(["**TT**", "**Chỉ tiêu**", "**Kết quả**"], ["1", "Tỉ lệ hồ sơ xử lý trên môi trường điện tử", "100%"])
    # the last row runs into the next appendix heading with no row break, as in the copies
    text = first.split("\n\nĐoạn")[0][: -len("\n|")] + "\n**PHỤ LỤC II**\nDANH MỤC NHIỆM VỤ\n*(Kèm theo Quyết định số 1/QĐ-TTg)*\n|\n"
    text += _flat(["**TT**", "**Nhiệm vụ**", "**Cơ quan chủ trì**"], ["1", "Xây dựng Luật Dữ liệu.", "Bộ Công an"])[2:]
    out = inline_flat_tables(text)
    rows = table_rows(out)
    assert [r.header for r in rows] == [("TT", "Chỉ tiêu", "Kết quả"), ("TT", "Nhiệm vụ", "Cơ quan chủ trì")]
    assert "\nPHỤ LỤC II" in out.replace("**", "")


@pytest.mark.parametrize("layout,own_line", [
    # a two-column header block: its line breaks are what the header reader reads
    ("|\n**ỦY BAN NHÂN DÂN**\n**TỈNH A**\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n|\n|\nSố: 1/KH-UBND\n|\n*A, ngày 1 tháng 2 năm 2025*\n|",
     "**ỦY BAN NHÂN DÂN**"),
    # the signature block of the closing
    ("|\n*Nơi nhận:*\n- Như trên;\n- Lưu: VT.\n|\n**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**\n|\n|\nNguyễn Văn A\n|\nTrần Văn B\n|",
     "- Như trên;"),
])
def test_two_column_layout_blocks_keep_their_lines(layout, own_line):
    out = inline_flat_tables(layout + "\n\nĐoạn sau.")
    assert own_line in out.split("\n")
    assert "---|" not in out  # no separator row: not a data table


def test_a_document_laid_out_in_one_cell_is_not_read_as_a_row():
    body = "\n".join(f"{n}. Nội dung thứ {n} của văn bản, một đoạn văn dài về nhiệm vụ và giải pháp thực hiện." for n in range(1, 20))
    text = "|\n**Số hiệu:**\n|\n1/QĐ-TTg\n|\n|\n**Loại văn bản:**\n|\nQuyết định\n|\nNơi ban hành\n|\nThủ tướng\n|\n|\n" + body + "\n|\n|\n"
    out = inline_flat_tables(text)
    assert sum(1 for line in out.split("\n") if "Nội dung thứ" in line) == 19  # one line per paragraph still


@pytest.mark.parametrize("doc_id,appendix,header", [
    ("qd2629-ttg", "Phụ lục II", ("TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả", "Thời gian thực hiện")),
    ("kh552-ubnd-dongthap", "Phụ lục", ("STT", "NHIỆM VỤ VÀ GIẢI PHÁP", "CHỦ TRÌ", "PHỐI HỢP", "THỜI GIAN")),
])
def test_real_appendix_tables_are_read_row_by_row_under_their_own_appendix(doc_id, appendix, header):
    doc = load_document(LIBRARY / f"{doc_id}.md", None, Settings())
    tree = parse_sections(doc.text, doc.doc_id)
    rows = [r for r in table_rows(doc.text) if r.header == header]
    assert len(rows) >= 19
    for row in rows:
        section = tree.section_at(row.start)
        assert section is not None and tree.is_within(section.id, appendix), (section and section.id, row.text[:60])
        assert doc.text[row.start:row.end] == row.text  # the row as printed is its quote
    assert all(len(r.cells) == len(header) for r in rows[:5])


def test_a_table_continued_after_a_page_break_keeps_its_headers_and_a_repeated_header_is_no_row():
    first = _flat(["**TT**", "**Nhiệm vụ**", "**Chủ trì**", "**Thời gian**"], ["1", "Xây dựng đề án.", "Sở Tài chính", "2026"])
    # the next page goes on with a group row, the header printed again in bold, then data rows
    second = _flat(["**B**", "**PHÁT TRIỂN KINH TẾ SỐ**"], ["**Nội dung**", "**Chủ trì**", "**Thời gian**"],
                   ["2.1", "Triển khai nền tảng số.", "Sở Công Thương", "2027"])
    rows = table_rows(inline_flat_tables(first + "\n\n" + second))
    assert [(r.cells[1], r.header) for r in rows] == [
        ("Xây dựng đề án.", ("TT", "Nhiệm vụ", "Chủ trì", "Thời gian")),
        ("Triển khai nền tảng số.", ("TT", "Nhiệm vụ", "Chủ trì", "Thời gian")),
    ]
