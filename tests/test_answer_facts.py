"""A document's own facts answered from what it prints (assistant/answer/facts.py), on real
documents: the signer's title and name from the closing, wherever the chunker put it; a decline
for a document that prints no signer; the documents a plan or a Kết luận implements or is based
on, restricted by the kind and issuer asked, the date printed next to one it names, and whom it is
sent to (its "Nơi nhận" list)."""


import pytest

from tests.conftest import plan_with_library

PLAN, CONCLUSION, DIRECTIVE, RESOLUTION = "kh552-ubnd-dongthap", "kl69-tw", "ct06-ubnd-quangtri", "nq57-tw"


@pytest.fixture(scope="module")
def library(built_assistant, tmp_path_factory):
    """Four documents of the library of four kinds with the shipped plan, indexed once with the real model."""
    return plan_with_library(built_assistant, tmp_path_factory.mktemp("facts"), (PLAN, CONCLUSION, DIRECTIVE, RESOLUTION))


def quoted_from_the_text(assistant, answer):
    """Every citation is the document's exact text at its span."""
    for c in answer.citations:
        assert assistant.document(c.doc_id).document.text[c.start:c.end] == c.quote
    return True


@pytest.mark.parametrize("question, doc_id, headline, section", [
    # a plan of a provincial People's Committee: the closing is a section of its own
    ("Ai ký Kế hoạch 552/KH-UBND của tỉnh Đồng Tháp?", PLAN, "Phó Chủ tịch Huỳnh Minh Tuấn.", "closing"),
    # a Kết luận of the Politburo: the signature is a table row that the chunker left in Mục 7
    ("Ai ký Kết luận 69?", CONCLUSION, "Trương Thị Mai (T/M Bộ Chính trị).", "7"),
    # a Chỉ thị: no "Nơi nhận", the signature closes its last numbered item
    ("Ai ký Chỉ thị 06 Quảng Trị?", DIRECTIVE, "Phó Chủ tịch Hoàng Nam.", "6"),
])
def test_the_signer_is_quoted_from_the_documents_signature(library, question, doc_id, headline, section):
    answer = library.ask(question)
    assert not answer.refused, answer.reason
    assert answer.text.startswith(headline)
    assert {(c.doc_id, c.section_id) for c in answer.citations} == {(doc_id, section)}
    name = headline.split(" (")[0].rstrip(".").split()[-2:]
    assert " ".join(name) in answer.citations[-1].quote and quoted_from_the_text(library, answer)


def test_the_signers_office_answers_what_office_the_signer_holds(built_assistant):
    answer = built_assistant.ask("Người ký kế hoạch giữ chức vụ gì?")
    assert answer.text.startswith("Phó Bí thư Mùa A Sơn.")
    assert [c.quote for c in answer.citations] == ["PHÓ BÍ THƯ", "Mùa A Sơn"]
    assert {c.section_id for c in answer.citations} == {"closing"}


def test_a_document_that_prints_no_signer_is_declined(library):
    answer = library.ask("Ai ký Nghị quyết 57-NQ/TW?")
    assert answer.refused and not answer.citations
    assert answer.reason == f"{RESOLUTION} prints no signer"


def test_a_document_that_is_not_here_has_no_signer_to_give(library):
    answer = library.ask("Ai ký Nghị quyết 71/NQ-CP?")  # cited by the plan, not in the corpus
    assert answer.refused and "71/NQ-CP" not in answer.text


def test_what_the_shipped_plan_implements_is_its_title_and_preamble(built_assistant):
    answer = built_assistant.ask("Kế hoạch này thực hiện nghị quyết nào?")
    assert answer.text.startswith("Nghị quyết số 06-NQ/TW ngày 24/01/2022 của Bộ Chính trị.")
    assert [c.section_id for c in answer.citations] == ["preamble"]
    assert answer.citations[0].quote.startswith("thực hiện Nghị quyết số 06-NQ/TW")


def test_a_resolution_set_aside_by_the_question_is_not_the_answer(built_assistant):
    answer = built_assistant.ask("Ngoài nghị quyết của Bộ Chính trị, kế hoạch còn bám theo nghị quyết nào của tỉnh?")
    assert answer.text.startswith("Nghị quyết số 16-NQ/TU ngày 29/11/2021 của Ban Chấp hành Đảng bộ tỉnh.")
    assert "06-NQ/TW" not in answer.text.split(".")[0]
    assert [c.section_id for c in answer.citations] == ["I"]


def test_a_plan_is_based_on_the_programme_of_the_issuer_asked(library):
    answer = library.ask("Kế hoạch 552 của Đồng Tháp căn cứ vào chương trình hành động nào của Ban Thường vụ Tỉnh ủy?")
    assert answer.text.startswith("Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy.")
    (c,) = answer.citations
    assert (c.doc_id, c.section_id) == (PLAN, "preamble") and c.quote.startswith("Căn cứ Nghị quyết số 57-NQ/TW")
    assert quoted_from_the_text(library, answer)


def test_a_conclusion_continues_the_resolution_its_title_names(library):
    answer = library.ask("Kết luận 69 tiếp tục thực hiện nghị quyết nào?")
    assert answer.text.startswith("Nghị quyết số 20-NQ/TW ngày 01/11/2012 của Ban Chấp hành Trung ương Đảng khoá XI.")
    assert {(c.doc_id, c.section_id) for c in answer.citations} == {(CONCLUSION, "preamble")}


def test_the_date_of_a_resolution_is_the_one_printed_next_to_it(library):
    answer = library.ask("Nghị quyết 20-NQ/TW mà Kết luận 69 nhắc tới được ban hành ngày nào?")
    assert answer.text.startswith("Ngày 01/11/2012.")
    assert "11/01/2024" not in answer.text.split(".")[0]  # the Kết luận's own date
    assert {(c.doc_id, c.section_id) for c in answer.citations} == {(CONCLUSION, "preamble")}


def test_a_document_here_is_answered_with_its_own_date_not_a_citing_one(library):
    answer = library.ask("Nghị quyết 57 được ban hành ngày nào?")  # the plan cites it with its date too
    assert answer.text.startswith("Ngày 22 tháng 12 năm 2024.")
    assert {c.doc_id for c in answer.citations} == {RESOLUTION}


def test_a_kind_the_document_does_not_cite_is_not_invented(built_assistant):
    answer = built_assistant.ask("Kế hoạch này thực hiện chỉ thị nào?")
    assert "Chỉ thị số" not in answer.text


@pytest.mark.parametrize("question, expected", [
    ("Kế hoạch này thực hiện nghị quyết nào?", [("Kế hoạch", "", "", False, False), ("Nghị quyết", "", "", True, False)]),
    ("Ngoài nghị quyết của BCT, kế hoạch còn bám theo nghị quyết nào của tỉnh?",
     [("Nghị quyết", "", "bo chinh tri", False, True), ("Kế hoạch", "", "", False, False), ("Nghị quyết", "", "tinh", True, False)]),
    ("Nghị quyết 20-NQ/TW mà KL 69 nhắc tới ban hành ngày nào?",
     [("Nghị quyết", "20", "", False, False), ("Kết luận", "69", "", False, False)]),
    ("Văn bản này đã ký ngày nào?", []),  # "đã" is not the code ĐA of a Đề án
])
def test_the_documents_a_question_names(question, expected):
    from assistant.answer.mentions import mentions

    abbreviations = {"BCT": "Bộ Chính trị"}
    found = [(m.kind, m.number, m.issuer, m.asked, m.excluded) for m in mentions(question, abbreviations)]
    assert found == expected


def test_a_body_the_plan_tasks_is_not_the_plan_implementing(built_assistant):
    """The documents a body must work into its own plans are not what this plan implements:
    such a question is left to the passages (own_fact gives None)."""
    from assistant.answer.facts import own_fact
    from assistant.answer.question import analyse

    question = "Các huyện ủy phải quán triệt những nghị quyết nào vào kế hoạch của mình?"
    units = built_assistant.engine().unit_index()
    kinds = analyse(question, units.abbreviations).kinds
    assert "relation" in kinds
    assert own_fact(question, kinds, built_assistant.search(question), units, built_assistant.corpus(), {}) is None


def test_the_issuer_is_read_from_the_header(library):
    answer = library.ask("Kế hoạch 552 Đồng Tháp do cơ quan nào ban hành?")
    assert not answer.refused, answer.reason
    assert answer.text.startswith("Ủy ban nhân dân tỉnh Đồng Tháp.") and {c.doc_id for c in answer.citations} == {PLAN}
    assert all(c.section_id == "preamble" for c in answer.citations)
    shipped = library.ask("Cơ quan nào ban hành kế hoạch này?", docs=["kh-dienbien-nq06"])
    assert not shipped.refused and "Ban Thường vụ Tỉnh ủy" in shipped.text


def test_the_number_is_read_from_the_header_and_a_copy_without_one_is_declined(library, built_assistant):
    numbered = library.ask("Số ký hiệu của Chỉ thị 06 Quảng Trị là gì?")
    assert numbered.outcome == "answer" and numbered.text.startswith("06/CT-UBND.")
    assert {c.doc_id for c in numbered.citations} == {DIRECTIVE} and quoted_from_the_text(library, numbered)
    unnumbered = built_assistant.ask("Số hiệu của kế hoạch là gì?")  # the shipped copy prints no number
    assert unnumbered.outcome == "decline" and "prints no number" in unnumbered.reason


@pytest.mark.parametrize("question, doc_id, first, last", [
    # a plain list under "Nơi nhận:" after a blank line
    ("Kế hoạch 06 Điện Biên được gửi tới những cơ quan nào?", "kh-dienbien-nq06", "Ban Bí thư Trung ương Đảng",
     "Các đồng chí Tỉnh ủy viên"),
    # the list in a table cell beside the signature ("| Nơi nhận:", "- Lưu: VT ... | TM. ỦY BAN NHÂN DÂN")
    ("Nơi nhận của Kế hoạch 552 Đồng Tháp gồm những ai?", PLAN, "Thường trực Tỉnh ủy", "VPUB: CVP, các PCVP"),
])
def test_whom_a_document_is_sent_to_is_its_list_of_recipients_without_the_archive_line(library, question, doc_id, first,
                                                                                        last):
    answer = library.ask(question)
    assert not answer.refused, answer.reason
    headline = answer.text.split(". Theo ")[0]
    assert headline.startswith(first) and headline.endswith(last)
    assert "Lưu" not in headline and "TM." not in answer.text
    assert {(c.doc_id, c.section_id) for c in answer.citations} == {(doc_id, "closing")}
    assert quoted_from_the_text(library, answer)


def test_a_document_that_prints_no_recipients_is_declined_and_a_report_s_recipients_are_searched(library):
    none = library.ask("Kết luận 69 được gửi tới những cơ quan nào?")
    assert none.refused and "no list of recipients" in none.reason
    # a report a task sends is no question about the closing: its passages answer it
    report = library.ask("Theo Kế hoạch 552 Đồng Tháp, báo cáo định kỳ được gửi tới những cơ quan nào?")
    assert all(c.section_id != "closing" for c in report.citations)



def test_a_list_question_about_a_province_s_body_is_not_read_under_a_commune_s_heading(library):
    """Not a fact of the document, but this library holds the case: "UBND tỉnh" asked, the
    Đồng Tháp plan's "9. Ủy ban nhân dân xã, phường" names a commune's body, not the province's
    (answer/sections.summary_section); the commune's own question still finds it."""
    from assistant.answer.sections import summary_section
    from assistant.model import Hit

    parsed = library.document(PLAN)
    chunk = next(c for c in library.index.chunks if c.doc_id == PLAN and c.section_id == "V.9")
    hits = [Hit(chunk, 1.0)]
    abbreviations = library.index.lexical.abbreviations
    assert summary_section("Ban cán sự đảng UBND tỉnh được giao những việc gì?", [parsed], hits, abbreviations) is None
    assert summary_section("UBND xã, phường được giao những việc gì?", [parsed], hits, abbreviations).id == "V.9"
