"""Section trees: the plan's exact tree, and other shapes of Vietnamese administrative texts."""

import pytest

from assistant.ingest.structure import parse_sections
from assistant.text.normalize import clean_text

PLAN_IDS = (
    ["preamble", "I", "II", "II.1", "II.2", "II.2.1", "II.2.2", "II.2.3", "III"]
    + [f"III.{i}" for i in range(1, 7)]
    + ["IV"]
    + [f"IV.{i}" for i in range(1, 7)]
    + ["V"]
    + [f"V.{i}" for i in range(1, 7)]
    + ["closing"]
)


def test_plan_has_exactly_the_documents_own_sections(plan):
    assert plan.tree.ids() == PLAN_IDS


@pytest.mark.parametrize(
    "section_id, parent, heading",
    [
        ("I", None, "I. Mục đích, yêu cầu"),
        ("II.2", "II", "2. Mục tiêu cụ thể đến năm 2025, định hướng đến năm 2030 và tầm nhìn đến năm 2045"),
        ("II.2.1", "II.2", "2.1. Đến năm 2025"),
        ("II.2.2", "II.2", "2.2. Định hướng đến năm 2030"),
        ("IV.4", "IV", "4. Điều chỉnh địa giới hành chính"),
        ("IV.6", "IV", "6. Công tác bảo vệ quốc phòng, an ninh"),
    ],
)
def test_sections_have_parent_and_heading(plan, section_id, parent, heading):
    section = plan.tree.get(section_id)
    assert section.parent == parent
    assert section.heading == heading


def test_long_numbered_paragraph_gets_a_short_title(plan):
    v5 = plan.tree.get("V.5")
    assert v5.title.startswith("Ban Tuyên giáo Tỉnh uỷ chủ trì")
    assert len(v5.title) <= 101


def test_breadcrumb_carries_the_year(plan):
    assert plan.tree.breadcrumb("II.2.1", "Kế hoạch 06 Điện Biên") == (
        "Kế hoạch 06 Điện Biên > II. Mục tiêu > "
        "2. Mục tiêu cụ thể đến năm 2025, định hướng đến năm 2030 và tầm nhìn đến năm 2045 > 2.1. Đến năm 2025"
    )


def test_section_spans_hold_their_text(plan):
    text = plan.document.text
    tree = plan.tree
    assert "26%" in text[tree.get("II.2.1").start : tree.get("II.2.1").end]
    assert "32%" not in text[tree.get("II.2.1").start : tree.get("II.2.1").end]
    assert "Ban Tuyên giáo" in text[tree.get("V.5").start : tree.get("V.5").end]
    assert text[tree.get("closing").start :].startswith("Nơi nhận:")
    assert "Mùa A Sơn" in text[tree.get("closing").start :]
    assert text[: tree.get("preamble").end].startswith("KẾ HOẠCH")


def test_bullets_stay_inside_their_section(plan):
    offset = plan.document.text.index("- Tỷ lệ đô thị hóa phấn đấu đạt trên 32%")
    assert plan.tree.section_at(offset).id == "II.2.2"
    plus = plan.document.text.index("+ Huy động nguồn lực đất đai từ cộng đồng")
    assert plan.tree.section_at(plus).id == "IV.3"


@pytest.mark.parametrize(
    "descendant, ancestor, within",
    [("II.2.1", "II.2", True), ("II.2.1", "II", True), ("II.2", "II.2", True), ("II.2.2", "II.2.1", False), ("II.1", "II.2", False)],
)
def test_descendant_rule_for_citations(plan, descendant, ancestor, within):
    assert plan.tree.is_within(descendant, ancestor) is within


def _ids(text: str) -> list[str]:
    return parse_sections(clean_text(text).text).ids()


def test_decree_shape_chapters_articles_clauses_points():
    text = """NGHỊ ĐỊNH
Quy định chi tiết một số điều

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết.

Điều 2. Đối tượng áp dụng

1. Cơ quan nhà nước.

2. Tổ chức, cá nhân có liên quan:

a) Tổ chức trong nước;

b) Tổ chức nước ngoài;

đ) Cá nhân.

Chương II
QUY ĐỊNH CỤ THỂ

Mục 1
QUY HOẠCH

Điều 3. Lập quy hoạch
Nội dung lập quy hoạch.
"""
    assert _ids(text) == [
        "preamble", "Chương I", "Điều 1", "Điều 2", "Điều 2.1", "Điều 2.2", "Điều 2.2.a", "Điều 2.2.b",
        "Chương II", "Chương II.Mục 1", "Điều 3",
    ]


def test_decree_articles_belong_to_their_chapter():
    tree = parse_sections(clean_text("Chương I\nCHUNG\n\nĐiều 1. A\n\nChương II\nRIÊNG\n\nĐiều 2. B\n").text)
    assert tree.get("Điều 2").parent == "Chương II"
    assert tree.is_within("Điều 2", "Chương II")
    assert not tree.is_within("Điều 2", "Chương I")


def test_numbered_items_with_parenthesis():
    assert _ids("KẾ HOẠCH\n\n1) Tuyên truyền\n\nNội dung.\n\n2) Kiểm tra\n\nNội dung.") == ["preamble", "1", "2"]


def test_roman_parts_written_with_a_dot():
    assert _ids("I. MỤC ĐÍCH\n\nNội dung.\n\nII. NHIỆM VỤ\n\n1. Một\n\n2. Hai") == ["I", "II", "II.1", "II.2"]


@pytest.mark.parametrize(
    "text",
    [
        "I- MỤC TIÊU\n\n1. Một\n\n2022. Năm bản lề của kế hoạch.",  # a year is not item 2022
        "I- MỤC TIÊU\n\n1. Một\n\n7. Bảy mục không theo thứ tự.",  # numbers must follow on
        "I- MỤC TIÊU\n\n1. Một\n\n3.1 triệu đồng là mức hỗ trợ.",  # 3.1 is not under item 1
    ],
)
def test_body_text_that_looks_like_a_heading_is_not_a_section(text):
    assert _ids(text) == ["I", "I.1"]


def test_text_without_headings_is_one_preamble_section():
    tree = parse_sections("Thông báo ngắn không có mục nào.")
    assert tree.ids() == ["preamble"]
    assert tree.get("preamble").end == len("Thông báo ngắn không có mục nào.")


@pytest.mark.parametrize("text", ["", "\n\n", "- chỉ một gạch đầu dòng", "II- chỉ tiêu đề", "a) b) c)", "Điều 1.", "Chương"])
def test_odd_inputs_do_not_crash(text):
    parse_sections(text)


def test_numbered_sublist_does_not_steal_the_next_headings():
    text = "I- A\n1. Công tác quy hoạch\nCác nội dung gồm:\n1) lập quy hoạch;\n2) điều chỉnh;\n3) công bố.\n2. Đầu tư hạ tầng\nnội dung\n3. Phát triển dân cư\nnội dung"
    tree = parse_sections(text)
    assert tree.get("I.2").title == "Đầu tư hạ tầng"
    assert tree.get("I.3").title == "Phát triển dân cư"
    assert tree.get("I.1.2").parent == "I.1"


@pytest.mark.parametrize(
    "body_line",
    ["Nơi nhận hồ sơ: Sở Xây dựng tỉnh.", "TM Sở Xây dựng tiếp nhận hồ sơ.", "KT. Giám đốc ký thay khi cần."],
)
def test_body_lines_that_start_like_the_closing_block_do_not_end_the_document(body_line):
    text = f"I- A\n1. Thủ tục\n{body_line}\n2. Thời hạn\nnội dung\nII- B\nnội dung\n" + "Thêm nội dung. " * 20
    assert parse_sections(text).ids() == ["I", "I.1", "I.2", "II"]


def test_article_with_letter_suffix_is_its_own_section():
    assert _ids("Điều 1. Một\n\nĐiều 1a. Một a\n\nĐiều 2. Hai") == ["Điều 1", "Điều 1a", "Điều 2"]


def test_excerpt_starting_at_part_three_keeps_its_parts():
    assert _ids("III- NHIỆM VỤ\n\n1. Một\n\nIV- GIẢI PHÁP\n\n1. Một") == ["III", "III.1", "IV", "IV.1"]
