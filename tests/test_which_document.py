"""Answers in a library of two plans never come from the wrong one: a question about a document
itself (its signer, its date, a section by number) that does not say which document is answered
from the primary document, saying so, or asked back, never answered from whichever ranks first, the question's words pick the document
when they can, and a figure of the other plan does not answer "bao nhiêu" about something else."""

from __future__ import annotations

import pytest

from assistant.answer.which_document import picked_by_title
from tests.conftest import plan_with_library

CITY_PLAN = "kh552-ubnd-dongthap"


@pytest.fixture(scope="module")
def two_plans(built_assistant, tmp_path_factory):
    return plan_with_library(built_assistant, tmp_path_factory.mktemp("which"), (CITY_PLAN,))


@pytest.mark.parametrize("question, picked", [
    ("Ai ký kế hoạch đổi mới công nghệ các ngành kinh tế mũi nhọn?", 1),
    ("Ai ký kế hoạch phát triển đô thị?", 0),
    ("Ai ký kế hoạch?", None),  # "kế hoạch" is in both titles: it picks neither
    ("Người ký kế hoạch giữ chức vụ gì?", None),
])
def test_the_question_s_own_words_pick_a_title(question, picked):
    titles = ["Kế hoạch thực hiện Nghị quyết số 06-NQ/TW về quy hoạch, xây dựng, quản lý và phát triển bền vững đô thị",
              "Kế hoạch thực hiện lộ trình đổi mới công nghệ đến năm 2035 đối với các ngành kinh tế mũi nhọn"]
    assert picked_by_title(question, titles) == picked


def test_a_signer_question_naming_no_document_is_answered_from_the_primary_one_saying_so(two_plans):
    answer = two_plans.ask("Người ký kế hoạch giữ chức vụ gì?")
    assert answer.outcome == "answer" and "Mùa A Sơn" in answer.text, answer.text
    assert {c.doc_id for c in answer.citations} <= {"kh-dienbien-nq06"}
    # the note says which document was assumed and names the other one
    assert "chưa nói rõ văn bản nào" in answer.text and "552/KH-UBND" in answer.text


def _with_primary(assistant, doc_id):
    from assistant import Assistant

    return Assistant(assistant.settings.model_copy(update={"primary_document": doc_id}))


def test_the_primary_document_is_a_setting(two_plans):
    other = _with_primary(two_plans, CITY_PLAN)
    answer = other.ask("Ai ký kế hoạch?")
    assert answer.outcome == "answer" and "Huỳnh Minh Tuấn" in answer.text, answer.text
    assert {c.doc_id for c in answer.citations} == {CITY_PLAN}


def test_without_a_primary_document_among_those_meant_the_question_is_asked_back(two_plans):
    gone = _with_primary(two_plans, "a-document-since-removed")
    answer = gone.ask("Người ký kế hoạch giữ chức vụ gì?")
    assert answer.outcome == "decline" and "chưa nói rõ văn bản nào" in answer.text
    assert "552/KH-UBND" in answer.text and "Điện Biên" in answer.text  # the candidates, by their short titles
    assert not answer.citations
    section = gone.ask("Mục V.1 nói gì?")
    assert section.outcome == "decline" and "chưa nói rõ văn bản nào" in section.text


def test_a_question_about_the_document_keeps_the_conversation_s_document(two_plans):
    history = [{"role": "user", "content": "Kế hoạch 552/KH-UBND có mục tiêu gì?"}]
    answer = two_plans.ask("Ai ký kế hoạch?", history=history)
    assert "Huỳnh Minh Tuấn" in answer.text and "chưa nói rõ" not in answer.text


def test_a_new_question_in_a_chat_is_not_tied_to_the_earlier_question_s_document(two_plans):
    history = [{"role": "user", "content": "Kế hoạch 552/KH-UBND có mục tiêu gì?"}]
    answer = two_plans.ask("Tỷ lệ đô thị hóa năm 2025 là bao nhiêu?", history=history)
    assert answer.outcome == "answer" and answer.text.startswith("Trên 26%"), answer.text
    assert {c.doc_id for c in answer.citations} == {"kh-dienbien-nq06"}


def test_when_the_primary_document_does_not_say_which_document_is_asked_back(two_plans):
    # the shipped plan prints no date of its own; the other plan does
    answer = two_plans.ask("Kế hoạch được ban hành ngày nào?")
    assert answer.outcome == "decline" and "chưa nói rõ văn bản nào" in answer.text, answer.text
    assert "trên đây là nội dung" not in answer.text


def test_the_streamed_text_is_the_answer_s_text_note_included(two_plans):
    events = list(two_plans.ask_stream("Ai ký kế hoạch?"))
    final = events[-1]
    assert "".join(e for e in events if isinstance(e, str)) == final.text
    assert "chưa nói rõ văn bản nào" in final.text and final.outcome == "answer"


def test_a_signer_question_naming_the_document_is_answered(two_plans):
    answer = two_plans.ask("Ai ký Kế hoạch 552/KH-UBND?")
    assert answer.outcome == "answer" and "Huỳnh Minh Tuấn" in answer.text
    assert {c.doc_id for c in answer.citations} == {CITY_PLAN}


def test_a_section_by_number_comes_from_the_primary_document_unless_its_heading_words_say_which(two_plans):
    assumed = two_plans.ask("Mục V.1 nói gì?")
    assert assumed.outcome == "answer" and {c.doc_id for c in assumed.citations} == {"kh-dienbien-nq06"}
    assert "chưa nói rõ văn bản nào" in assumed.text
    picked = two_plans.ask("Mục IV.6 về quốc phòng, an ninh yêu cầu những gì?")
    assert picked.outcome == "answer" and {c.doc_id for c in picked.citations} == {"kh-dienbien-nq06"}
    assert "chưa nói rõ" not in picked.text


def test_one_document_in_the_library_is_never_asked_back(built_assistant):
    answer = built_assistant.ask("Người ký kế hoạch giữ chức vụ gì?")
    assert "chưa nói rõ văn bản nào" not in answer.text


def test_a_figure_under_another_plan_s_heading_of_the_asked_year_does_not_answer_how_much(two_plans):
    # the shipped plan has no 2035 target; the other plan has a 2035 heading full of figures of
    # other things: none of them is the asked rate
    answer = two_plans.ask("Tỷ lệ đô thị hóa của tỉnh năm 2035 là bao nhiêu?")
    assert answer.outcome == "decline", answer.text
    answered = two_plans.ask("Tỷ lệ đô thị hóa năm 2025 là bao nhiêu?")
    assert answered.outcome == "answer" and answered.text.startswith("Trên 26%")


def test_a_generative_backend_asks_back_when_the_primary_document_does_not_answer(two_plans):
    from assistant import Assistant
    from tests.fake_llm import FakeLLM

    with FakeLLM(lambda messages: "KHÔNG_ĐỀ_CẬP") as fake:
        generative = Assistant(two_plans.settings.with_(backend="openai", openai_base_url=fake.base_url,
                                                        openai_model="fake-model"))
        events = list(generative.ask_stream("Mục V.1 nói gì?"))
    final = events[-1]
    assert final.outcome == "decline" and "chưa nói rõ văn bản nào" in final.text, final.text
    assert "552/KH-UBND" in final.text and not final.citations
