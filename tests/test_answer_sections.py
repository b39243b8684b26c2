"""Questions that name a section, and summary / list questions, on real documents parsed by the
real parser: the shipped plan, documents of the library and the Luật Doanh nghiệp."""

from __future__ import annotations

import pytest

from assistant.answer.section_refs import resolve, section_refs
from assistant.answer.sections import MAX_ITEMS, compared_sections, counted_parts, section_units, summary_section
from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest.corpus import load_file
from assistant.model import Hit
from assistant.text.units import UnitIndex

_FILES = {
    "kh-dienbien-nq06": "corpus/kh-dienbien-nq06.txt",
    "luat-59-2020-qh14": "evals/corpora/luat-doanh-nghiep/luat-59-2020-qh14.txt",
    **{d: f"evals/corpora/library/{d}.md" for d in (
        "nq57-tw", "kh310-ubnd-hanoi", "ct06-ubnd-quangtri", "kl69-tw", "luat60-2024-qh15",
        "kh552-ubnd-dongthap", "nq03-cp", "cv402-vpdu")},
}
_PARSED: dict = {}
_UNITS: dict = {}


def doc(doc_id: str):
    if doc_id not in _PARSED:
        _PARSED[doc_id] = load_file(PROJECT_ROOT / _FILES[doc_id], Settings())
    return _PARSED[doc_id]


def units_of(doc_id: str) -> UnitIndex:
    if doc_id not in _UNITS:
        _UNITS[doc_id] = UnitIndex(list(doc(doc_id).chunks))
    return _UNITS[doc_id]


# --- section_refs ----------------------------------------------------------------------------
@pytest.mark.parametrize("question, refs", [
    ("Mục 5 của Chỉ thị 06/CT-UBND Quảng Trị nói gì?", ["5"]),
    ("Mục III.2 Kế hoạch 310/KH-UBND nói về gì?", ["III.2"]),
    ("Điểm 4 phần V nói gì?", ["V.4"]),
    ("diem 4 muc V noi gi", ["V.4"]),
    ("Tiểu mục 2.2 trong phần mục tiêu nói gì?", ["2.2"]),
    ("Mục IV.6 về quốc phòng, an ninh yêu cầu những gì?", ["IV.6"]),
    ("Điểm 2 Kết luận 69-KL/TW yêu cầu những gì?", ["2"]),
    ("Điểm d mục III.4 của Kế hoạch 310 Hà Nội quy định gì?", ["III.4.d"]),
    ("Khoản 3 Điều 17 Luật Dữ liệu nói gì?", ["Điều 17.3"]),
    ("DIEU 17 KHOAN 3", ["Điều 17.3"]),
    ("Điều 206 quy định gì?", ["Điều 206"]),
    ("điểm b khoản 1 Điều 109", ["Điều 109.1.b"]),
    ("điểm đ, khoản 1 của Điều 8", ["Điều 8.1.đ"]),  # đ is its own letter, not d
    ("theo quy định tại khoản 1 và khoản 2 Điều 5", ["Điều 5.1", "Điều 5.2"]),
    ("So sánh Điều 5 và Điều 6", ["Điều 5", "Điều 6"]),
    ("Phụ lục I gồm những gì?", ["Phụ lục I"]),
    ("phụ lục 1", ["Phụ lục I"]),
    ("Phụ lục số 02", ["Phụ lục II"]),
    ("Chương II nói về gì?", ["Chương II"]),
    ("Mục 1 Chương III", ["Chương III.Mục 1"]),
    ("Cho tôi xem phần III.3 về phát triển dân cư đô thị.", ["III.3"]),
    ("What does clause 3 of Article 17 say?", ["Điều 17.3"]),
])
def test_section_refs_reads_the_ids_a_question_names(question, refs):
    assert section_refs(question) == refs


@pytest.mark.parametrize("question", [
    "Nghị quyết 57 đặt mục tiêu gì đến năm 2030?",
    "Kế hoạch 310 của Hà Nội giao việc cho ai?",
    "Chỉ thị 06 ban hành ngày nào?",
    "Hoàn thành trong Quý II/2025 những việc gì?",
    "Tỷ lệ đô thị hóa đạt 26% vào năm 2025 đúng không?",
    "Chương trình 135 có trong kế hoạch không?",
    "Mục tiêu tổng quát là gì?",
    "Tại thời điểm 2025, quan điểm 3 là gì?",  # "thời điểm", "quan điểm" are not points
    "Cổ phần 51% thì sao?",
    "Tài khoản 1 của công ty",
])
def test_section_refs_ignores_document_numbers_years_and_figures(question):
    assert section_refs(question) == []


# --- resolve ---------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_id, question, ids", [
    # named-section questions of evals/questions/natural/*.dev.yaml
    ("ct06-ubnd-quangtri", "Mục 5 của Chỉ thị 06/CT-UBND Quảng Trị nói gì?", ["5"]),
    ("kh-dienbien-nq06", "Điểm 4 phần V nói gì?", ["V.4"]),
    ("kh-dienbien-nq06", "Tiểu mục 2.2 trong phần mục tiêu nói gì?", ["II.2.2"]),
    ("kh-dienbien-nq06", "Mục IV.6 về quốc phòng, an ninh yêu cầu những gì?", ["IV.6"]),
    ("kh-dienbien-nq06", "Cho tôi xem phần III.3 về phát triển dân cư đô thị.", ["III.3"]),
    ("kh310-ubnd-hanoi", "Mục III.2 Kế hoạch 310/KH-UBND nói về gì?", ["III.2"]),
    ("kh552-ubnd-dongthap", "Mục IV Kế hoạch 552/KH-UBND nói về nội dung gì?", ["IV"]),
    ("kl69-tw", "Điểm 2 Kết luận 69-KL/TW yêu cầu những gì?", ["2"]),
    ("luat60-2024-qh15", "Điều 5 Luật Dữ liệu quy định gì?", ["Điều 5"]),
    ("nq57-tw", "Mục III.4 của Nghị quyết 57 nói về vấn đề gì?", ["III.4"]),
    # a partial id that ends several ids: the question's words pick one, or none
    ("kh-dienbien-nq06", "Mục 5 về thu hút dân cư nói gì?", ["IV.5"]),
    ("kh-dienbien-nq06", "Mục 5 nói gì?", []),
    ("kh-dienbien-nq06", "Mục III.9 nói gì?", []),
    # legal shapes, any case, no diacritics
    ("luat-59-2020-qh14", "dieu 206 quy dinh gi", ["Điều 206"]),
    ("luat-59-2020-qh14", "Điểm b khoản 1 Điều 109", ["Điều 109.1.b"]),
    ("luat-59-2020-qh14", "Chương II", ["Chương II"]),
    ("luat-59-2020-qh14", "Mục 1 Chương III", ["Chương III.Mục 1"]),
    ("luat60-2024-qh15", "Khoản 3 Điều 17 Luật Dữ liệu nói gì?", ["Điều 17.3"]),
    ("luat60-2024-qh15", "Khoản 8 Điều 3 định nghĩa gì?", ["Điều 3"]),  # a khoản the parser keeps in its Điều
    # appendices, numbered in Roman or digits, or the only one
    ("nq03-cp", "PHỤ LỤC I gồm gì?", ["Phụ lục I"]),
    ("nq03-cp", "phụ lục 2", ["Phụ lục II"]),
    ("cv402-vpdu", "Phụ lục II", ["Phụ lục 2"]),
    ("kh310-ubnd-hanoi", "Phụ lục I có gì?", ["Phụ lục"]),
])
def test_resolve_finds_the_named_sections_in_the_real_tree(doc_id, question, ids):
    parsed = doc(doc_id)
    found = resolve(section_refs(question), parsed, question)
    assert [s.id for s in found] == ids
    assert all(parsed.tree.get(s.id) is s for s in found)  # sections of this tree, not copies


def test_resolve_accepts_ids_written_by_other_callers():
    tree = doc("luat-59-2020-qh14").tree
    assert [s.id for s in resolve(["dieu 206", "ĐIỀU 4.23.đ", "chuong ii"], tree)] == ["Điều 206", "Điều 4.23.đ", "Chương II"]
    assert [s.id for s in resolve(["Điều 4.23.d"], tree)] == ["Điều 4.23.d"]  # d and đ stay apart


# --- section_units ---------------------------------------------------------------------------
def _check_units(doc_id: str, section_id: str, found) -> None:
    """What a user would notice: quotes that are the document's own whole lines, each inside an
    indexed chunk of the asked section (so it can be cited and verified), in reading order."""
    parsed, units = doc(doc_id), units_of(doc_id)
    text = parsed.document.text
    assert found, f"{doc_id}#{section_id} gave nothing"
    assert [u.start for u in found] == sorted(u.start for u in found)
    for u in found:
        assert u.text == text[u.start : u.end] and u.text.strip() == u.text
        assert u.chunk.chunk_id in units.by_chunk
        assert u.chunk.start <= u.start and u.end <= u.chunk.end
        assert parsed.tree.is_within(u.section_id, section_id)
        assert u.start == u.chunk.start or text[u.start - 1] == "\n"  # starts a line
        assert u.end == u.chunk.end or text[u.end] == "\n"  # ends one


@pytest.mark.parametrize("doc_id, section_id", [
    ("kh-dienbien-nq06", "II"), ("kh-dienbien-nq06", "III"), ("kh-dienbien-nq06", "IV"),
    ("kh-dienbien-nq06", "V"), ("kh310-ubnd-hanoi", "III"), ("kh310-ubnd-hanoi", "III.2"),
    ("nq57-tw", "I"), ("nq57-tw", "IV"), ("luat60-2024-qh15", "Điều 5"), ("luat60-2024-qh15", "Chương V"),
    ("luat-59-2020-qh14", "Điều 4"),  # 34 khoản: more than a dozen, all of them
    ("luat-59-2020-qh14", "Chương II"),
])
def test_section_units_lists_every_child_in_order(doc_id, section_id):
    parsed = doc(doc_id)
    children = parsed.tree.children(section_id)
    assert 0 < len(children) <= MAX_ITEMS
    found = section_units(parsed.tree.get(section_id), parsed, units_of(doc_id))
    _check_units(doc_id, section_id, found)
    listed = [u for u in found if u.section_id != section_id]  # after the section's own lines
    assert [u.section_id for u in listed] == [c.id for c in children]


def test_section_units_quotes_headings_as_printed():
    parsed = doc("kh-dienbien-nq06")
    found = section_units(parsed.tree.get("II"), parsed, units_of("kh-dienbien-nq06"))
    assert [u.text for u in found] == [
        "1. Mục tiêu tổng quát",
        "2. Mục tiêu cụ thể đến năm 2025, định hướng đến năm 2030 và tầm nhìn đến năm 2045",
    ]
    chapter = section_units(doc("luat60-2024-qh15").tree.get("Chương V"), doc("luat60-2024-qh15"), units_of("luat60-2024-qh15"))
    assert [u.body for u in chapter] == ["Điều 44. Sửa đổi, bổ sung một số điều của các luật có liên quan",
                                         "Điều 45. Hiệu lực thi hành", "Điều 46. Quy định chuyển tiếp"]


@pytest.mark.parametrize("doc_id, section_id, expect", [
    ("kh-dienbien-nq06", "II.2.2", "Tỷ lệ đô thị hóa phấn đấu đạt trên 32%."),
    ("kh-dienbien-nq06", "II.2.1", "- Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."),
    ("ct06-ubnd-quangtri", "5", "- Thực hiện đầy đủ quyền, nghĩa vụ và trách nhiệm chủ rừng"),
    ("luat60-2024-qh15", "Điều 17.3", "3. Thủ tướng Chính phủ quyết định việc chia sẻ dữ liệu dùng riêng"),
])
def test_section_units_of_a_leaf_are_all_its_lines_after_the_heading(doc_id, section_id, expect):
    parsed = doc(doc_id)
    section = parsed.tree.get(section_id)
    found = section_units(section, parsed, units_of(doc_id))
    _check_units(doc_id, section_id, found)
    own = parsed.document.text[section.start : section.end].strip().split("\n")
    lines = [line.strip() for line in own if line.strip()]
    heading = 0 if lines[0].endswith(".") else 1  # "2.2. Định hướng đến năm 2030" vs a paragraph
    assert [u.text for u in found] == lines[heading:]
    assert any(expect in u.text for u in found)


def test_section_units_without_the_index_chunks_still_cover_every_child():
    """A heading alone in its chunk has no units; given only the units, the first line under
    that child stands for it, still in the child and in order."""
    parsed = doc("kh-dienbien-nq06")
    found = section_units(parsed.tree.get("II"), parsed.tree, units_of("kh-dienbien-nq06"))
    _check_units("kh-dienbien-nq06", "II", found)
    assert [next(c.id for c in parsed.tree.children("II") if parsed.tree.is_within(u.section_id, c.id)) for u in found] == ["II.1", "II.2"]
    assert found[1].text == "2.1. Đến năm 2025"


# --- summary_section -------------------------------------------------------------------------
@pytest.mark.parametrize("doc_id, question, section_id", [
    # summary questions of evals/questions/natural/*.dev.yaml
    ("kh-dienbien-nq06", "Tóm tắt các chỉ tiêu đến năm 2025 của kế hoạch.", "II.2.1"),
    ("kh-dienbien-nq06", "Liệt kê các nhiệm vụ chủ yếu của kế hoạch.", "III"),
    ("kh-dienbien-nq06", "Kế hoạch đưa ra những nhóm giải pháp chủ yếu nào?", "IV"),
    ("kh310-ubnd-hanoi", "Tóm tắt phần kinh phí thực hiện Kế hoạch 310 của Hà Nội.", "IV"),  # heading on two lines
    ("kh552-ubnd-dongthap", "Liệt kê các mục tiêu cụ thể đến năm 2030 của kế hoạch đổi mới công nghệ Đồng Tháp.", "II.2.1"),
    ("kl69-tw", "Kết luận 69 nêu những giải pháp gì để phát triển thị trường khoa học và công nghệ?", "5"),
    ("luat60-2024-qh15", "Tóm tắt các biện pháp bảo vệ dữ liệu trong Luật Dữ liệu.", "Điều 27"),
    ("nq57-tw", "Tóm tắt các quan điểm chỉ đạo của Nghị quyết 57.", "I"),
    # the question's horizon picks the heading that names it
    ("kh-dienbien-nq06", "Tóm tắt các mục tiêu đến năm 2030.", "II.2.2"),
    ("kh-dienbien-nq06", "tom tat tam nhin den nam 2045", "II.2.3"),
    ("nq57-tw", "Nghị quyết 57 đặt ra những mục tiêu nào đến năm 2030?", "II.1"),
    # what a body is to do: the section that body heads
    ("kh310-ubnd-hanoi", "so khoa hoc va cong nghe ha noi co nhiem vu gi trong ke hoach 5G IoT", "V.2"),
    ("kh552-ubnd-dongthap", "Sở Tài chính có trách nhiệm gì trong kế hoạch đổi mới công nghệ?", "V.4"),
])
def test_summary_section_is_the_section_the_question_asks_to_list(doc_id, question, section_id):
    parsed = doc(doc_id)
    found = summary_section(question, [parsed], [Hit(parsed.chunks[1], 1.0)])
    assert found is not None and found.id == section_id


@pytest.mark.parametrize("doc_id, question", [
    ("ct06-ubnd-quangtri", "Chỉ thị 06 của UBND tỉnh Quảng Trị giao việc cho những cơ quan, đơn vị nào?"),
    ("kh-dienbien-nq06", "Tỉnh định kiếm nguồn lực từ đất đai bằng những cách nào?"),
    ("kh-dienbien-nq06", "Liệt kê các dự án điện hạt nhân của kế hoạch."),
    ("kh-dienbien-nq06", "Tỷ lệ đô thị hóa năm 2025 là bao nhiêu?"),  # not a summary question
    ("luat-59-2020-qh14", "Dạ anh chị cho em hỏi chuyển hộ kinh doanh sang công ty TNHH thì hồ sơ gồm những gì ạ."),
])
def test_summary_section_says_nothing_rather_than_guess(doc_id, question):
    parsed = doc(doc_id)
    assert summary_section(question, [parsed], [Hit(parsed.chunks[1], 1.0)]) is None


def test_summary_section_reads_the_bodies_a_question_abbreviates():
    parsed = doc("kh310-ubnd-hanoi")
    question = "KH 310/KH-UBND của UBND TP Hà Nội giao BQL các KCNC và KCN làm những gì?"
    abbreviations = {"KH": "kế hoạch", "UBND": "Ủy ban nhân dân", "TP": "thành phố", "BQL": "Ban Quản lý",
                     "KCN": "khu công nghiệp", "KCNC": "khu công nghệ cao"}
    found = summary_section(question, [parsed], [Hit(parsed.chunks[1], 1.0)], abbreviations)
    assert found is not None and found.id == "V.1"  # "Ban Quản lý các khu công nghệ cao và khu công nghiệp"


def test_summary_section_answers_from_the_first_document_of_the_hits():
    plan, nq57 = doc("kh-dienbien-nq06"), doc("nq57-tw")
    question = "Tóm tắt các mục tiêu đến năm 2030."
    first_nq57 = summary_section(question, [plan, nq57], [Hit(nq57.chunks[1], 1.0), Hit(plan.chunks[1], 0.5)])
    first_plan = summary_section(question, [plan, nq57], [Hit(plan.chunks[1], 1.0), Hit(nq57.chunks[1], 0.5)])
    assert nq57.tree.get(first_nq57.id) is first_nq57 and first_nq57.id == "II.1"
    assert plan.tree.get(first_plan.id) is first_plan and first_plan.id == "II.2.2"


@pytest.mark.parametrize("doc_id, question, pair", [
    ("kh-dienbien-nq06", "So sánh phần nhiệm vụ chủ yếu với phần giải pháp chủ yếu.", ("III", "IV")),
    ("nq57-tw", "Quan điểm chỉ đạo và tổ chức thực hiện của Nghị quyết 57 khác nhau thế nào?", ("I", "IV")),
    ("kh552-ubnd-dongthap", "Sở Tài chính và Sở Công Thương có trách nhiệm khác gì?", ("V.4", "V.3")),
    # the first join is inside a heading
    ("kh552-ubnd-dongthap", "Sở Khoa học và Công nghệ với Sở Tài chính có trách nhiệm khác gì?", ("V.1", "V.4")),
    # years are compared figure by figure; a part and its whole, or no comparison, are not two parts
    ("kh-dienbien-nq06", "Mục tiêu đến năm 2025 và đến năm 2030 khác nhau thế nào?", None),
    ("kh-dienbien-nq06", "So sánh mục tiêu tổng quát với mục tiêu của kế hoạch.", None),
    ("kh-dienbien-nq06", "Liệt kê các nhiệm vụ chủ yếu và giải pháp chủ yếu.", None),
])
def test_a_comparison_names_two_parts_by_their_headings(doc_id, question, pair):
    parsed = doc(doc_id)
    found = compared_sections(question, [parsed], [Hit(parsed.chunks[1], 1.0)])
    assert (None if found is None else tuple(s.id for s in found)) == pair


def test_a_comparison_never_sets_two_documents_parts_side_by_side():
    plan, nq57 = doc("kh-dienbien-nq06"), doc("nq57-tw")
    question = "So sánh phần nhiệm vụ chủ yếu với phần quan điểm chỉ đạo."  # one is the plan's, one the resolution's
    assert compared_sections(question, [plan, nq57], [Hit(plan.chunks[1], 1.0), Hit(nq57.chunks[1], 0.5)]) is None


def test_summary_section_works_on_bare_trees_too():
    parsed = doc("kh-dienbien-nq06")
    found = summary_section("Liệt kê các nhiệm vụ chủ yếu của kế hoạch.", [parsed.tree], [Hit(parsed.chunks[1], 1.0)])
    assert found is not None and found.id == "III"


def test_the_units_within_a_section_are_its_own_and_its_children_s_in_order(built_assistant):
    units = built_assistant.engine().unit_index()
    doc_id = built_assistant.corpus()[0].doc_id
    within = units.within(doc_id, "II")
    assert within and all(u.section_id == "II" or u.section_id.startswith("II.") for u in within)
    assert [u.start for u in within] == sorted(u.start for u in within)
    assert {u.section_id for u in within} >= {"II.2.1", "II.2.2"}
    assert not units.within(doc_id, "II.9.9") and not units.within("no-such-document", "II")


# --- a law's reader asks about a situation ----------------------------------------------------
@pytest.mark.parametrize("question", [
    # "ai đã ... rồi" asks who has done it before, not which body must: a law answers with its articles
    "Mọi người ơi, ai đã đăng ký thành lập văn phòng đại diện rồi chỉ em với ạ",
    # the asker's own office is the situation, not what the law must name in the passage
    "Giám đốc bên em muốn lập thêm văn phòng đại diện thì hồ sơ gồm gì ạ",
])
def test_a_situation_question_about_a_law_is_answered_from_its_articles(question):
    from assistant.answer.extractive import extract
    from assistant.answer.question import analyse

    law, units = doc("luat-59-2020-qh14"), units_of("luat-59-2020-qh14")
    chunks = [c for c in law.chunks if c.section_id.startswith(("Điều 44", "Điều 45"))][:8]
    hits = [Hit(c, 1.0 / (i + 1), {"lexical": i + 1, "dense": i + 1}, {"lexical": 10.0, "dense": 0.8})
            for i, c in enumerate(chunks)]
    result = extract(analyse(question, units.abbreviations), hits, units, None, {law.document.doc_id: law.document})
    assert not result.declined, result.declined
    assert {u.section_id.split(".")[0] for u in result.units} <= {"Điều 44", "Điều 45"}


# --- a count of the document's own divisions ---------------------------------------------------
@pytest.mark.parametrize("doc_id, question, word, ids", [
    ("kh-dienbien-nq06", "Kế hoạch có mấy phần?", "phần", ["I", "II", "III", "IV", "V"]),  # no preamble, no closing
    ("kl69-tw", "Kết luận 69 gồm bao nhiêu phần vậy", "phần", ["1", "2", "3", "4", "5", "6", "7"]),
    ("luat60-2024-qh15", "luat du lieu co bao nhieu chuong", "chương", ["Chương I", "Chương II", "Chương III",
                                                                        "Chương IV", "Chương V"]),
    ("kh552-ubnd-dongthap", "Kế hoạch 552 có mấy phụ lục?", "phụ lục", ["Phụ lục"]),
    ("luat60-2024-qh15", "Luật Dữ liệu có mấy phần?", "chương", ["Chương I", "Chương II", "Chương III",
                                                             "Chương IV", "Chương V"]),  # a law's parts
])
def test_a_count_of_parts_counts_the_documents_divisions(doc_id, question, word, ids):
    found = counted_parts(question, doc(doc_id))
    assert found is not None and found[0] == word and [s.id for s in found[1]] == ids


@pytest.mark.parametrize("doc_id, question", [
    ("kh-dienbien-nq06", "Tỷ lệ đô thị hóa tăng bao nhiêu phần trăm?"),  # a percentage
    ("luat-59-2020-qh14", "Có bao nhiêu điều kiện để thành lập công ty?"),  # conditions, not articles
    ("nq57-tw", "Nghị quyết đặt bao nhiêu mục tiêu?"),  # goals, not sections
    ("kh-dienbien-nq06", "Kế hoạch có mấy chương?"),  # a plan has no chapters
    ("kh-dienbien-nq06", "Tỷ lệ này chiếm bao nhiêu phần?"),  # a share, and no document named
    ("kh-dienbien-nq06", "Kế hoạch có mấy phần và mục tiêu chung là gì?"),  # it asks more than the count
    ("luat-59-2020-qh14", "Chương II của Luật có bao nhiêu điều?"),  # inside one chapter, not the law
])
def test_a_count_of_something_else_is_no_count_of_parts(doc_id, question):
    assert counted_parts(question, doc(doc_id)) is None


def test_the_law_counts_all_its_articles():
    found = counted_parts("Luật Doanh nghiệp có bao nhiêu điều?", doc("luat-59-2020-qh14"))
    assert found is not None and len(found[1]) == 218 and found[1][-1].id == "Điều 218"
