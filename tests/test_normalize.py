"""Vietnamese normalisation rules, as tables of real examples (most from the Điện Biên plan)."""

import pytest

from assistant.text.normalize import (
    clean_text,
    fix_units,
    fold_diacritics,
    join_page_break_cuts,
    match_key,
    search_form,
    strip_emphasis,
    unify_i_y,
    unify_tone_marks,
)


@pytest.mark.parametrize(
    "written, unified",
    [
        ("hoá", "hóa"),
        ("đô thị hoá", "đô thị hóa"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("thuỷ lợi", "thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("xoá bỏ", "xóa bỏ"),
        ("HOÁ", "HÓA"),
        ("hòa bình", "hòa bình"),  # already in the chosen convention
        ("quý III", "quý III"),  # qu + y: both conventions agree
        ("hoàn thiện", "hoàn thiện"),  # oa + final consonant: both agree
        ("khuyến khích", "khuyến khích"),
        ("Mường Nhé", "Mường Nhé"),
    ],
)
def test_tone_marks_follow_one_convention(written, unified):
    assert unify_tone_marks(written) == unified


def test_tone_unification_handles_decomposed_input():
    decomposed = "ho\u0061\u0301"  # 'hoá' typed as a + combining acute
    assert unify_tone_marks(decomposed) == "hóa"


@pytest.mark.parametrize(
    "written, unified",
    [("Tỷ lệ", "Tỉ lệ"), ("kỹ thuật", "kĩ thuật"), ("quản lý", "quản lí"), ("y tế", "y tế"), ("quy hoạch", "qui hoạch"), ("quí", "quí"), ("quý", "quí"), ("Mỹ", "Mĩ")],
)
def test_i_y_spellings_are_unified_for_search(written, unified):
    assert unify_i_y(written) == unified


def test_search_form_makes_the_plans_two_spellings_of_ty_le_equal():
    assert search_form("Tỉ lệ đất giao thông") == search_form("Tỷ lệ đất giao thông")
    assert search_form("Ban Tuyên giáo Tỉnh uỷ") == search_form("ban tuyên giáo tỉnh ủy")


@pytest.mark.parametrize(
    "text, folded",
    [("Tỷ lệ đô thị hóa", "Ty le do thi hoa"), ("Điện Biên Phủ", "Dien Bien Phu"), ("Mường Ảng", "Muong Ang")],
)
def test_fold_diacritics(text, folded):
    assert fold_diacritics(text) == folded


@pytest.mark.parametrize(
    "a, b, equal",
    [
        ("Đô thị hoá", "đô   thị hóa", True),
        ("Tỉnh Uỷ", "tỉnh ủy", True),
        ("26%", "26%", True),
        ("đô thị", "do thi", False),  # diacritics still matter
    ],
)
def test_match_key_ignores_case_form_tone_placement_and_spaces(a, b, equal):
    assert (match_key(a) == match_key(b)) is equal


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("đạt khoảng 10 m^2 .", "đạt khoảng 10 m²."),
        ("tối thiểu 28 m^2 .", "tối thiểu 28 m²."),
        ("tối thiểu 32 m².", "tối thiểu 32 m²."),
        ("diện tích 25 m2, gồm", "diện tích 25 m², gồm"),
        ("rộng 3 km2.", "rộng 3 km²."),
        ("khối lượng 5 m3", "khối lượng 5 m³"),
        ("mã hiệu m2 không đổi", "mã hiệu m2 không đổi"),  # no figure before it: not a unit
        ("tiết diện 100 mm2", "tiết diện 100 mm²"),
        ("diện tích 12 ha2", "diện tích 12 ha2"),  # hectares have no square
        ("Km15+800/QL279", "Km15+800/QL279"),
    ],
)
def test_units_are_written_with_superscripts(raw, fixed):
    assert fix_units(raw) == fixed


@pytest.mark.parametrize(
    "raw, joined",
    [
        ("nâng cao chất lượng sống tại đô thị, bảo\n\nđảm đáp ứng cơ bản", "nâng cao chất lượng sống tại đô thị, bảo đảm đáp ứng cơ bản"),
        ("- Diện tích sàn nhà ở phấn đấu đạt tối\n\nthiểu 32 m².", "- Diện tích sàn nhà ở phấn đấu đạt tối thiểu 32 m²."),
        ("kiểm soát chặt chẽ quy trình chuyển đổi đất\n\nnông thôn thành đất đô thị", "kiểm soát chặt chẽ quy trình chuyển đổi đất nông thôn thành đất đô thị"),
        ("thu hồi vốn vào\n\nNgân sách nhà nước. Hoàn thành", "thu hồi vốn vào Ngân sách nhà nước. Hoàn thành"),
    ],
)
def test_sentences_cut_by_page_breaks_are_joined(raw, joined):
    assert join_page_break_cuts(raw) == joined


@pytest.mark.parametrize(
    "text",
    [
        "II- MỤC TIÊU\n\n1. Mục tiêu tổng quát",  # heading then heading
        "1. Mục tiêu tổng quát\n\nHoàn thiện, cụ thể hóa các cơ chế",  # heading then body
        "2.1. Đến năm 2025\n\n- Phấn đấu xây dựng Thành phố Điện Biên Phủ",  # heading then bullet
        "phù hợp với tình hình thực tế của tỉnh.\n\nTăng cường sự lãnh đạo",  # sentence ended
        "- Huy động nguồn lực từ đất đai:\n\n+ Tăng cường khai thác",  # bullet after colon
        "Nơi nhận:\n\n- Ban Bí thư Trung ương Đảng,",
        "trên địa bàn tỉnh Điện Biên\n\nThực hiện Nghị quyết số 06-NQ/TW",  # title block then body
        "IV- GIẢI PHÁP CHỦ YẾU\n\nnghiên cứu",  # a heading is never glued to what follows
    ],
)
def test_real_paragraph_breaks_are_kept(text):
    assert join_page_break_cuts(text) == text


def test_emphasis_is_removed_and_kept_as_spans():
    text, spans = strip_emphasis("ban hành Chương trình hành động (*trong quý III năm 2022*), phấn đấu **đạt**")
    assert text == "ban hành Chương trình hành động (trong quý III năm 2022), phấn đấu đạt"
    assert [(text[s.start : s.end], s.kind) for s in spans] == [("trong quý III năm 2022", "italic"), ("đạt", "bold")]


@pytest.mark.parametrize(
    "text",
    [
        "- gạch đầu dòng", "* gạch đầu dòng", "2 * 3 = 6", "snake_case_name", "_private_ và __init__",
        "- Chỉ tiêu (*) đạt 26%.\n- Chỉ tiêu (**) đạt 30%.",  # footnote marks
        "- Số liệu *ước tính\n- Khu vực thôn, bản* đạt",  # italics never cross a line
    ],
)
def test_text_without_emphasis_is_unchanged(text):
    assert strip_emphasis(text) == (text, ())


def test_clean_text_keeps_original_spelling_for_quotes():
    clean = clean_text("Ban Tuyên giáo Tỉnh uỷ chủ trì.\r\n\r\nXoá bỏ  nhà tạm\u200b")
    assert clean.text == "Ban Tuyên giáo Tỉnh uỷ chủ trì.\n\nXoá bỏ nhà tạm"


def test_clean_text_composes_unicode_nfc():
    assert clean_text("Tho\u0302\u0301ng nha\u0302\u0301t").text == "Thống nhất"


def test_page_breaks_become_page_offsets_even_inside_a_joined_sentence():
    clean = clean_text("Trang một kết thúc ở bảo\n\n\fđảm đáp ứng.\n\n\f- Trang ba *hạn chót*.")
    assert clean.text == "Trang một kết thúc ở bảo đảm đáp ứng.\n\n- Trang ba hạn chót."
    assert clean.page_at(clean.text.index("bảo")) == 1
    assert clean.page_at(clean.text.index("đảm")) == 2
    assert clean.page_at(clean.text.index("Trang ba")) == 3
    (span,) = clean.emphasis
    assert clean.text[span.start : span.end] == "hạn chót"


def test_real_plan_has_no_conversion_artifacts_left(plan):
    text = plan.document.text
    for artifact in ("m^2", "*", "\f", "bảo\n\nđảm", "tối\n\nthiểu", "vào\n\nNgân sách", "không\n\ngian"):
        assert artifact not in text
    assert "đạt tối thiểu 32 m²." in text
    assert "đạt khoảng 10 m²." in text


def test_bold_signature_block_may_span_one_line_break():
    text, spans = strip_emphasis("**T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ**")
    assert text == "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ" and spans[0].kind == "bold"


@pytest.mark.parametrize(
    "raw",
    ["*a " * 80000, "\n\n".join(["dòng chữ thường"] * 80000)],
    ids=["unclosed-emphasis-marks", "many-lowercase-paragraphs"],
)
def test_cleaning_stays_fast_on_pathological_input(raw):
    import time

    started = time.perf_counter()
    clean_text(raw)
    # Generous bound: these inputs took minutes when the algorithms were quadratic.
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("text, kept, dropped", [
    ("Công an tỉnh được giao những nhiệm vụ gì?", {"cong_an", "an", "tinh"}, {"gi", "nhung"}),
    ("quốc phòng, an ninh", {"an_ninh"}, set()),
    ("an toàn thông tin", {"an_toan", "an"}, set()),
    ("What share of the population is urban?", {"share", "population", "urban"}, {"what", "the", "of", "is"}),
])
def test_question_words_are_dropped_but_the_vietnamese_an_stays(text, kept, dropped):
    from assistant.text.tokens import content_tokens

    tokens = set(content_tokens(text))
    assert kept <= tokens and not dropped & tokens
