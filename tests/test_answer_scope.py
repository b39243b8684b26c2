"""Answers come from the document a question is about: the one it names (by kind and number,
a law's name, or place with a kind), or the ones the user selected; several years asked at
once are answered side by side; the question's frame words weigh nothing."""

from __future__ import annotations

import pytest

from assistant.answer.answerability import Decision, Model, decide
from assistant.answer.evidence import heading_names_asked_body
from assistant.answer.question import analyse
from assistant.answer.scope import named_documents, references, without_naming
from assistant.errors import NotFoundError
from assistant.text.frames import expand_shorthand, plain_question, strip_frames
from tests.conftest import plan_with_library

PLAN = "kh-dienbien-nq06"
DIRECTIVE, CITY_PLAN, CONCLUSION = "ct06-ubnd-quangtri", "kh310-ubnd-hanoi", "kl69-tw"


@pytest.fixture(scope="module")
def library(built_assistant, tmp_path_factory):
    """The shipped plan with a provincial directive, a city's plan and a Party conclusion."""
    return plan_with_library(built_assistant, tmp_path_factory.mktemp("scope"), (DIRECTIVE, CITY_PLAN, CONCLUSION))


@pytest.mark.parametrize("question, expected", [
    ("Theo Chỉ thị 06 Quảng Trị, ai tham mưu bố trí kinh phí?", {DIRECTIVE}),
    ("chi thi so 06/CT-UBND giao viec gi cho xa", {DIRECTIVE}),
    ("KH 310/KH-UBND của UBND TP Hà Nội giao việc gì?", {CITY_PLAN}),
    ("kế hoạch 5G của Hà Nội có mấy nhiệm vụ?", {CITY_PLAN}),
    ("KL 69-KL/TW yêu cầu những gì?", {CONCLUSION}),
    ("Nghị quyết 20-NQ/TW mà Kết luận 69 nhắc tới ban hành ngày nào?", {CONCLUSION}),
    # a resolution the corpus does not hold: the document whose title says it implements it
    ("Nghị quyết 06 đặt mục tiêu gì cho đô thị?", {PLAN}),
    ("mục tiêu tổng quát của kế hoạch là gì", {PLAN, CITY_PLAN}),
    # English names a document by kind and number too
    ("What does Quang Tri's Directive 06 require the provincial police to do?", {DIRECTIVE}),
    ("Under Hanoi's plan 310, which department manages telecoms?", {CITY_PLAN}),
    ("What does Conclusion 69 say about international cooperation?", {CONCLUSION}),
    ("Which plan gives priority to expressways?", set()),
    # names nothing: the whole corpus is searched
    ("Tỷ lệ đô thị hóa đến năm 2025 là bao nhiêu?", set()),
    ("lập kế hoạch kinh doanh hằng năm thế nào", set()),
    ("Cho e hỏi ở Hà Nội tăng vốn điều lệ có cần chứng minh góp vốn không", set()),
])
def test_the_documents_a_question_names(library, question, expected):
    documents = [p.document for p in library.corpus()]
    assert named_documents(question, documents) == frozenset(expected)


@pytest.mark.parametrize("question, refs", [
    ("Kế hoạch số 310/KH-UBND", [("ke hoach", "310")]),
    ("NQ 57", [("nghi quyet", "57")]),
    ("theo 57-NQ/TW", [("nghi quyet", "57")]),
    ("Chỉ thị 06", [("chi thi", "6")]),
    ("năm 2030 đạt 26%", []),
])
def test_references_to_documents(question, refs):
    assert references(question) == refs


@pytest.mark.parametrize("question, stripped", [
    ("cho mình hỏi thủ tục tạm ngừng kinh doanh vậy ạ", "thủ tục tạm ngừng kinh doanh"),
    ("Xin chào A/C. Cho em hỏi giải thể công ty cần gì", "giải thể công ty cần gì"),
    ("Tỷ lệ đô thị hóa thế nào ạ?", "Tỷ lệ đô thị hóa ?"),
    ("Mục IV.3 nói về gì?", "Mục IV.3 ?"),
    ("Ai ký kế hoạch?", "Ai ký kế hoạch?"),
    ("thế mạnh của tỉnh là gì", "thế mạnh của tỉnh"),
    ("cảm ơn", "cảm ơn"),  # nothing else left: kept whole
])
def test_frame_words_are_dropped(question, stripped):
    assert strip_frames(question) == stripped


@pytest.mark.parametrize("question, written_out", [
    ("cty tnhh 2tv giải thể", "công ty trách nhiệm hữu hạn hai thành viên giải thể"),
    ("Cty TNHH 1TV", "công ty trách nhiệm hữu hạn một thành viên"),
    ("hồ sơ gồm những gì, có cần cccd ko", "hồ sơ gồm những gì, có cần căn cước công dân không"),
    ("điểm k khoản 1 Điều 3 có áp dụng k", "điểm k khoản 1 Điều 3 có áp dụng không"),  # a legal point's letter stays
    ("hs lớp 9", "hs lớp 9"),  # học sinh or hồ sơ: not written out
    ("thay đổi ĐKKD có đc không", "thay đổi đăng ký kinh doanh có được không"),
    ("dkkd", "đăng ký kinh doanh"),  # typed without diacritics
    ("Chỉ thị 06/CT-UBND", "Chỉ thị 06/CT-UBND"),  # a document's own code is no shorthand
    ("giá 500k", "giá 500k"),  # "k" only as a word of its own
    ("kho bạc", "kho bạc"),  # "ko" only as a whole word
])
def test_typed_shorthand_is_written_out(question, written_out):
    assert expand_shorthand(question) == written_out


def test_the_answer_step_reads_the_question_without_frame_or_shorthand():
    assert plain_question("Cho em hỏi cty tnhh 2tv giải thể cần giấy tờ gì ạ") == \
        "công ty trách nhiệm hữu hạn hai thành viên giải thể cần giấy tờ gì"


@pytest.mark.parametrize("question, doc_id, pieces", [
    # its kind and number, and its issuer's place, name the document: what is asked is the rest
    ("Chỉ thị 06 Quảng Trị nhắc tới chính quyền địa phương bao nhiêu cấp?", DIRECTIVE,
     ["nhắc tới chính quyền địa phương bao nhiêu cấp?"]),
    ("Theo KH 310 Hà Nội, Sở Khoa học và Công nghệ làm gì?", CITY_PLAN,
     ["Theo", ", Sở Khoa học và Công nghệ làm gì?"]),
    ("chi thi so 06 quang tri giao viec gi", DIRECTIVE, ["giao viec gi"]),
    # another document it cites is what is asked about, not a name of this one
    ("Kết luận 69 đánh giá lại sau bao nhiêu năm thực hiện Nghị quyết 20?", CONCLUSION,
     ["đánh giá lại sau bao nhiêu năm thực hiện Nghị quyết 20?"]),
    ("Tỷ lệ đô thị hóa đến năm 2025 là bao nhiêu?", PLAN, ["Tỷ lệ đô thị hóa đến năm 2025 là bao nhiêu?"]),
    # the place inside a longer name is part of what is asked
    ("Theo Chỉ thị 06, Quảng Trị Xanh là chương trình gì?", DIRECTIVE, ["Theo", ", Quảng Trị Xanh là chương trình gì?"]),
])
def test_the_words_naming_a_document_are_not_what_is_asked(library, question, doc_id, pieces):
    documents = [p.document for p in library.corpus() if p.doc_id == doc_id]
    assert without_naming(question, documents) == pieces


def test_a_passage_citing_another_directive_is_not_the_answer_for_naming_words(library):
    # The preamble repeats "Chỉ thị" and the province; the answer is the item about the levels.
    answer = library.ask("Chỉ thị 06 Quảng Trị nhắc tới chính quyền địa phương bao nhiêu cấp?")
    assert not answer.refused, answer.reason
    assert "02 cấp" in answer.text and answer.citations[0].section_id != "preamble"


@pytest.mark.parametrize("question, heading, named", [
    ("công an làm gì với vụ phá rừng", "Chỉ thị 06 > 4. Công an tỉnh", True),
    ("Sở Tài chính phải làm gì?", "Kế hoạch 552 > V. Tổ chức thực hiện > 4. Sở Tài chính", True),
    ("BTV TU giao Ban cán sự đảng UBND tỉnh những việc gì?",
     "Kế hoạch 06 > V. Tổ chức thực hiện > 3. Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo…", True),
    ("Ủy ban nhân dân các xã làm gì?", "Chỉ thị 06 > 1. Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ", True),
    # another level, another body, or a heading that names no body
    ("UBND tỉnh làm gì?", "Kế hoạch 552 > V. Tổ chức thực hiện > 9. Ủy ban nhân dân xã, phường", False),
    ("Sở Tài chính phải làm gì?", "Kế hoạch 552 > V. Tổ chức thực hiện > 2. Sở Nông nghiệp và Môi trường", False),
    ("Sở Tài chính phải làm gì?", "Kế hoạch 552 > IV. Giải pháp > 1. Tài chính", False),
    # the document's title is no heading ("Ban Thường vụ Tỉnh ủy" issues the plan)
    ("Ban Thường vụ Tỉnh ủy làm gì?", "Ban Thường vụ Tỉnh ủy > II. Mục tiêu", False),
])
def test_a_heading_names_the_body_a_question_asks_about(question, heading, named):
    info = analyse(question, {"UBND": "Ủy ban nhân dân", "BTV": "Ban Thường vụ", "TU": "Tỉnh ủy"})
    assert heading_names_asked_body(info, heading, lambda t: 1.0, (("UBND", "Ủy ban nhân dân"),)) is named


@pytest.mark.parametrize("question, section", [
    ("Chỉ thị 06 Quảng Trị giao công an nhiệm vụ gì về phá rừng?", "4"),  # "4. Công an tỉnh"
    ("Theo Chỉ thị 06 Quảng Trị, Sở Tài chính phải làm gì?", "3"),
])
def test_what_a_body_must_do_is_read_under_the_heading_that_names_it(library, question, section):
    answer = library.ask(question)
    assert not answer.refused, answer.reason
    assert answer.citations[0].doc_id == DIRECTIVE and answer.citations[0].section_id == section


def test_a_place_is_answered_by_a_name_or_the_issuer_or_declined(library):
    whose = library.ask("Tỉnh nào có chỉ thị về bảo vệ rừng?")
    assert not whose.refused and "Quảng Trị" in whose.text
    assert {c.doc_id for c in whose.citations} == {DIRECTIVE}
    # the directive says what the provincial police must do, never where it sits
    nowhere = library.ask("Theo Chỉ thị 06 Quảng Trị, Công an tỉnh đặt trụ sở ở địa chỉ nào?")
    assert nowhere.refused, nowhere.text


def test_a_question_naming_a_document_is_answered_from_it_or_declined(library):
    # The shipped plan states an urbanisation rate; the directive names none.
    answer = library.ask("Chỉ thị 06 Quảng Trị đặt mục tiêu tỷ lệ đô thị hóa đến năm 2025 là bao nhiêu?")
    assert all(c.doc_id == DIRECTIVE for c in answer.citations)
    assert "26%" not in answer.text


def test_the_users_selection_limits_the_answer(library):
    unscoped = library.ask("Tỷ lệ đô thị hóa đến năm 2025 là bao nhiêu?")
    assert not unscoped.refused and {c.doc_id for c in unscoped.citations} == {PLAN}
    scoped = library.ask("Tỷ lệ đô thị hóa đến năm 2025 là bao nhiêu?", docs=[CITY_PLAN])
    assert all(c.doc_id == CITY_PLAN for c in scoped.citations) and "26%" not in scoped.text
    with pytest.raises(NotFoundError) as err:
        library.ask("Tỷ lệ đô thị hóa?", docs=["no-such-doc"])
    assert err.value.code == "ask_document_unknown"


def test_a_city_named_only_in_the_title_is_not_a_reason_to_decline(library):
    answer = library.ask("Theo kế hoạch 310 của Hà Nội, Sở Khoa học và Công nghệ có nhiệm vụ gì?")
    assert not answer.refused, answer.reason
    assert {c.doc_id for c in answer.citations} == {CITY_PLAN}


def test_two_years_are_answered_side_by_side(library):
    answer = library.ask("Tỷ lệ đô thị hóa năm 2025 và năm 2030 lần lượt là bao nhiêu?")
    assert not answer.refused, answer.reason
    assert "26%" in answer.text and "32%" in answer.text
    assert len({c.section_id for c in answer.citations}) == 2


def test_outcomes_follow_the_models_operating_points():
    model = Model({"coverage": 10.0}, -5.0, answer_at=0.6, related_at=0.3)
    outcome = lambda cov: decide({"coverage": cov}, model).outcome  # noqa: E731
    assert (outcome(0.9), outcome(0.45), outcome(0.1)) == ("answer", "related", "decline")
    assert isinstance(decide({"coverage": 0.9}, model), Decision)


def test_related_passages_are_cited_labelled_and_refused(library):
    engine = library.engine()
    hits = library.search("tỷ lệ đô thị hóa 2025", k=3)
    units = engine.unit_index().by_chunk[hits[0].chunk.chunk_id][:1]
    answer = engine.related(units, hits, engine.short_titles(), "test")
    assert answer.refused and answer.outcome == "related" and answer.citations
    assert answer.text.startswith("Tài liệu không nêu trực tiếp")
