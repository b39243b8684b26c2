"""The app's handlers without a browser: chat turns, sources, feedback, tables, library,
drafting and evaluation, and errors in Vietnamese."""

import sqlite3

import pytest

from assistant.app import evaluation_tab as ev
from assistant.app import handlers as h
from assistant.app.chat import ChatState, api_ask, record_comment, record_vote, respond, show_source, text_of
from assistant.app.feedback import FeedbackStore


@pytest.fixture(scope="module")
def assistant(built_assistant):
    return built_assistant


def final(assistant, question, history=None, state=None):
    *_, last = respond(assistant, question, history or [], state)
    return last


def test_markup_in_questions_and_documents_is_shown_not_rendered(assistant):
    history, *_ = final(assistant, "<img src=x onerror=alert(1)> Ai chủ trì tuyên truyền?")
    assert history[0]["content"].startswith("&lt;img") and all("<img" not in m["content"] for m in history)


def test_sources_are_grouped_by_section_with_readable_chips(assistant):
    from assistant.app.chat import answer_messages
    from assistant.model import Answer, Citation

    c = lambda s, e: Citation("kh-dienbien-nq06", "preamble", "", "Thực hiện", s, e, "Kế hoạch 06 Điện Biên — phần mở đầu")  # noqa: E731
    messages = answer_messages(Answer("Văn bản nêu.", (c(0, 5), c(10, 15), c(0, 5))))
    assert messages[0]["content"].endswith("**Nguồn:** `Phần mở đầu`")
    assert len(messages) == 2 and messages[1]["content"] == "“Thực hiện” … “Thực hiện”"


def test_a_chat_turn_streams_then_ends_with_answer_chips_and_collapsible_sources(assistant):
    turns = list(respond(assistant, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", [], None))
    assert turns[0][0][-1] == {"role": "assistant", "content": "…"}  # something shows at once
    history, state, chips, panel = turns[-1]
    assert history[0] == {"role": "user", "content": "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?"}
    assert history[1]["content"].startswith("Trên 26%") and "`Mục II.2.1`" in history[1]["content"]
    source = history[2]
    assert source["metadata"]["title"] == "Nguồn: Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)"
    assert source["content"] == "“Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.”"
    assert chips == ["Kế hoạch 06 Điện Biên — Mục II.2.1 (Đến năm 2025)"]
    assert "<mark>Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.</mark>" in panel
    assert "2.1. Đến năm 2025" in panel and "Số hiệu: không ghi" in panel


def test_the_chat_streams_through_the_answer_chain(assistant, monkeypatch):
    """The chat handler answers with the chain's retrieval step: whatever that step returns is
    what the turn is built from, and with nothing retrieved the turn is a decline."""
    from langchain_core.runnables import RunnableLambda

    engine = assistant.engine()
    real, queries = engine.retrieval, []

    def spy(query, config):
        queries.append(query)
        return real.invoke(query, config)

    monkeypatch.setattr(engine, "retrieval", RunnableLambda(spy))
    history, state, _, _ = final(assistant, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?")
    assert queries == ["Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?"] and history[1]["content"].startswith("Trên 26%")
    assert state.answers[1]["answer"].timings["retrieve_ms"] <= state.answers[1]["answer"].timings["total_ms"]

    monkeypatch.setattr(engine, "retrieval", RunnableLambda(lambda query: []))
    history, _, chips, _ = final(assistant, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?")
    assert history[1]["content"].startswith("Tài liệu không đề cập") and chips == []


def test_follow_ups_use_the_chat_history(assistant):
    history, state, *_ = final(assistant, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?")
    history, state, chips, _ = final(assistant, "Còn năm 2030 thì sao?", history, state)
    assert "32%" in history[-2]["content"] and chips == ["Kế hoạch 06 Điện Biên — Mục II.2.2 (Định hướng đến năm 2030)"]
    assert "<mark>" in show_source(assistant, state, chips[0])


def test_document_text_is_escaped_in_the_sources_panel(assistant):
    history, state, chips, panel = final(assistant, "Ai chủ trì tuyên truyền?")
    assert "<script" not in panel and "&gt;" in panel  # the breadcrumb's ">" is text, not markup


def test_an_empty_or_huge_question_is_answered_in_vietnamese(assistant):
    assert final(assistant, "   ")[0] == []
    history, *_ = final(assistant, "x" * 5000)
    assert history[-1]["content"].startswith("Câu hỏi quá dài")


def test_votes_and_comments_are_stored_in_sqlite(assistant, tmp_path):
    store = FeedbackStore(tmp_path / "data" / "feedback.sqlite3")
    history, state, *_ = final(assistant, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?")
    state, message = record_vote(store, state, 1, False)
    assert "chưa đạt" in message
    assert record_comment(store, state, "Nên nêu cả chỉ tiêu năm 2030") == "Đã lưu góp ý. Cảm ơn đồng chí."
    rows = sqlite3.connect(tmp_path / "data" / "feedback.sqlite3").execute(
        "SELECT question, liked, comment, citations FROM votes").fetchall()
    assert rows == [("Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", 0, "Nên nêu cả chỉ tiêu năm 2030",
                     '["kh-dienbien-nq06#II.2.1"]')]
    assert record_comment(store, ChatState(), "x").startswith("Hãy bấm")  # no vote yet in this session
    state, message = record_vote(store, state, 1, None)  # the vote clicked again: withdrawn, not a dislike
    assert message.endswith("Có thể thêm góp ý bên dưới.") and "đã bỏ đánh giá" in message
    assert sqlite3.connect(tmp_path / "data" / "feedback.sqlite3").execute("SELECT count(*), max(liked) FROM votes").fetchone() \
        == (1, None)


def test_api_ask_follows_the_design_contract(assistant):
    result = api_ask(assistant, "Ai chủ trì công tác tuyên truyền?")
    assert not result["refused"] and result["citations"][0]["section_id"] == "V.5"
    assert text_of([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]) == "a b"


def test_tables_filter_without_accents_and_link_rows_to_sources(assistant):
    frame, rows, path = h.analytics_view(assistant, "targets", "ty le do thi hoa", h.ALL)
    assert list(frame["Giá trị"]) == ["26", "32"] and list(frame["Mốc"]) == ["2025", "2030"]
    assert "<mark>Tỷ lệ đô thị hóa phấn đấu đạt trên 26%.</mark>" in h.row_source(assistant, rows, [0, 2])
    assert open(path, encoding="utf-8").read().startswith("\ufeffindicator,")
    frame, rows, _ = h.analytics_view(assistant, "timeline", "", "Có thời hạn")
    assert list(frame["Thời hạn"])[0] == "Trong quý III/2022"
    frame, rows, _ = h.analytics_view(assistant, "responsibilities", "", "Ban Tuyên giáo Tỉnh ủy")
    assert set(frame["Vai trò"]) == {"chủ trì"}


def test_upload_preview_shows_the_section_tree_or_a_vietnamese_error(assistant, tmp_path):
    good = tmp_path / "ke-hoach-moi.txt"
    good.write_text("KẾ HOẠCH\nabc\n\nI. MỤC TIÊU\n\n1. Đến năm 2026\n\n- Tỷ lệ đạt 50%.\n", encoding="utf-8")
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf at all")
    text = h.preview_upload(assistant, [str(good), str(bad)])
    assert "**ke-hoach-moi.txt** → mã `ke-hoach-moi`" in text and "`I.1` 1. Đến năm 2026" in text
    assert "**hong.pdf**: Không đọc được tệp “hong.pdf”: Tệp PDF bị hỏng" in text
    only_bad = h.preview_upload(assistant, [str(bad)])
    assert "Thêm vào kho" not in only_bad  # nothing to add: no invitation to add it
    same_name = tmp_path / "kh-dienbien-nq06.txt"
    same_name.write_text("KẾ HOẠCH\nkhác\n\nI. MỤC TIÊU\n\n- Nội dung khác hẳn.\n", encoding="utf-8")
    assert "THAY THẾ" in h.preview_upload(assistant, [str(same_name)])
    assert "Kho đã có văn bản cùng mã. Không thêm gì." in h.add_documents(assistant, [str(same_name)])
    assert "không được hỗ trợ" in h.preview_upload(assistant, [str(tmp_path / "virus.exe")])


def test_draft_handler_writes_docx_and_md(assistant):
    preview, docx, md, status = h.make_draft(assistant, "talking-points", "phát triển nhà ở đô thị", "", "ngắn")
    assert preview.startswith("# NHỮNG ĐIỂM CHÍNH CẦN NẮM") and docx.endswith(".docx") and md.endswith(".md")
    assert "<sup>[1]</sup>" in preview and "[^1]" not in preview  # Gradio's Markdown has no footnote syntax
    assert status.startswith("Đã soạn xong")
    assert h.make_draft(assistant, "de-cuong", "  ", "", "vừa")[3] == "Chủ đề đang trống. Hãy nhập chủ đề, ví dụ “phát triển nhà ở đô thị”."
    preview = h.make_draft(assistant, "tin-bai", "nhà ở", "<img src=http://example.com/x.png>", "ngắn")[0]
    assert "<img" not in preview and "&lt;img" in preview  # markup typed by a user is shown, not rendered


def test_evaluation_handler_reports_metrics_and_failures(assistant, tmp_path):
    questions = tmp_path / "nho.yaml"
    questions.write_text(
        "- id: rate-2025\n  question: Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?\n"
        "  expected_sections: ['kh-dienbien-nq06#II.2.1']\n  must_include: ['26%']\n  category: numeric\n"
        "- id: football\n  question: Giá vé bóng đá là bao nhiêu?\n  answerable: false\n  category: refusal\n",
        encoding="utf-8")
    summary, chart, failures, files = ev.run_evaluation(assistant, None, str(questions))
    assert "**nho.yaml**: 2 câu hỏi" in summary and "| Trả lời đúng | 1.0 |" in summary
    assert list(chart["Nhóm"]) == ["numeric", "refusal"] and list(chart["Giá trị"]) == [1.0, 1.0] and failures.empty
    assert sorted(f.rsplit("/", 1)[-1] for f in files) == ["report.json", "report.md"]
    broken = tmp_path / "hong.yaml"
    broken.write_text("- id: a\n  cau_hoi: thiếu trường question\n", encoding="utf-8")
    assert ev.run_evaluation(assistant, None, str(broken))[0].startswith("Bộ câu hỏi không hợp lệ")


def test_uploads_show_their_detected_metadata_and_the_corrections_are_kept(built_assistant, corpus_copy, tmp_path):
    from assistant import Assistant
    from assistant.config import Settings
    from tests.conftest import with_session_vectors
    from tests.test_header import PROVINCIAL_PLAN

    assistant = Assistant(Settings(corpus_dir=corpus_copy, index_dir=with_session_vectors(built_assistant, tmp_path / "index")))

    upload = tmp_path / "kh45-lai-chau.txt"
    upload.write_text(PROVINCIAL_PLAN, encoding="utf-8")
    frame = h.detected_metadata(assistant, [str(upload), str(tmp_path / "virus.exe")])
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["Số hiệu"], row["Ngày ban hành (NNNN-TT-NN)"], row["Cơ quan ban hành"], row["Người ký"]) == \
        ("45-KH/TU", "2025-03-05", "Tỉnh ủy Lai Châu", "Giàng Páo Mỷ")
    frame.loc[0, "Tên ngắn"] = "Kế hoạch 45 Lai Châu"
    frame.loc[0, "Người ký"] = ""  # "không ghi"
    status = h.add_documents(assistant, [str(upload)], metadata=frame)
    assert status.startswith("Đã thêm kh45-lai-chau"), status
    entry = next(p.document.meta for p in assistant.corpus() if p.doc_id == "kh45-lai-chau")
    assert entry["short_title"] == "Kế hoạch 45 Lai Châu" and entry["signer"] is None and entry["number"] == "45-KH/TU"
    edit = h.corpus_metadata(assistant, "kh45-lai-chau")
    edit.loc[0, "Ngày ban hành (NNNN-TT-NN)"] = "ngày 5"
    assert "NNNN-TT-NN" in h.save_metadata(assistant, edit)  # a Vietnamese message naming the expected form
    edit.loc[0, "Ngày ban hành (NNNN-TT-NN)"] = "2025-03-06"
    assert h.save_metadata(assistant, edit).startswith("Đã lưu thông tin của kh45-lai-chau")
    assert next(p.document.meta for p in assistant.corpus() if p.doc_id == "kh45-lai-chau")["issued"] == "2025-03-06"
    assert h.delete_document(assistant, "kh45-lai-chau", True).startswith("Đã xóa")


def test_the_chat_and_api_answer_only_from_the_chosen_documents(assistant):
    turns = list(respond(assistant, "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", [], None, docs=["kh-dienbien-nq06"]))
    history = turns[-1][0]
    assert "26%" in history[1]["content"]
    history = list(respond(assistant, "Tỷ lệ đô thị hóa?", [], None, docs=["khong-co"]))[-1][0]
    assert history[-1]["content"] == "Văn bản được chọn để hỏi đáp không có trong kho. Hãy chọn lại văn bản trong danh sách."
    result = api_ask(assistant, "Tỷ lệ đô thị hóa?", docs=["khong-co"])
    assert result["refused"] and result["error"] == "NotFoundError" and "không có trong kho" in result["text"]
