"""Yes/no questions start their answer with a verdict the quoted passage backs: "Có" when the
documents speak of the thing asked, "Đúng" / "Không, tài liệu ghi ..." when a figure is checked,
and no verdict where the passage cannot back one."""

from __future__ import annotations

import pytest

from assistant.answer.question import analyse, yes_no_kind
from assistant.answer.verdict import verdict


@pytest.mark.parametrize("question, kind", [
    ("Kế hoạch có nhắc đến kinh tế ban đêm không?", "presence"),
    ("ke hoach co nhac den kinh te ban dem khong", "presence"),  # typed without accents
    ("Tỉnh đã lập quy hoạch đô thị chưa ạ?", "other"),
    ("Công ty em có được chuyển nhượng phần vốn góp không ạ?", "other"),  # what is allowed: no "Có"
    ("Có phải mục tiêu đô thị hóa năm 2030 là trên 40% không?", "check"),
    ("Tỷ lệ đô thị hóa 2025 là 26% đúng không?", "check"),
    ("Does the plan mention the night economy?", "presence"),
    ("Tỉnh có tính sáp nhập địa giới để mở rộng đô thị không?", "other"),
    ("Tỷ lệ đô thị hóa năm 2025 là bao nhiêu?", None),
    ("Ai chủ trì xây dựng đề án?", None),
    ("Không gian đô thị được định hướng thế nào?", None),  # "không" opening a question asks nothing yes/no
])
def test_yes_no_questions_are_told_apart(question, kind):
    assert yes_no_kind(question) == kind


@pytest.mark.parametrize("question, passage, stated, said", [
    ("Có phải tỷ lệ đô thị hóa đạt trên 40% không?", "Tỷ lệ đô thị hóa phấn đấu đạt trên 32%.", "trên 32%",
     "Không, tài liệu ghi trên 32%"),
    ("Có phải tỷ lệ đô thị hóa đạt trên 32% không?", "Tỷ lệ đô thị hóa phấn đấu đạt trên 32%.", "trên 32%", "Đúng"),
    ("Có phải tỷ lệ đô thị hóa đạt 40% không?", "Phát triển đô thị theo hướng xanh.", "", "Tài liệu không ghi con số này"),
    ("Có phải Sở Xây dựng chủ trì không?", "Sở Tài chính chủ trì, phối hợp với Sở Xây dựng.", "", ""),  # cannot be backed
    ("Kế hoạch có nhắc đến kinh tế ban đêm không?", "phát triển kinh tế ban đêm", "", "Có"),
    ("Tỷ lệ đô thị hóa là bao nhiêu?", "Tỷ lệ đô thị hóa đạt trên 32%.", "trên 32%", ""),
    ("Dữ liệu chưa được đồng ý có được đem giao dịch không?", "Tổ chức phải cung cấp dữ liệu khi có yêu cầu.", "", ""),
])
def test_the_verdict_is_only_what_the_passage_backs(question, passage, stated, said):
    assert verdict(analyse(question), passage, stated) == said


def test_answers_to_yes_no_questions_start_with_their_verdict(built_assistant):
    checked = built_assistant.ask("Có phải mục tiêu đô thị hóa năm 2030 là trên 40% không?")
    assert checked.outcome == "answer" and checked.text.startswith("Không, tài liệu ghi trên 32%.")
    assert "II.2.2" in checked.citations[0].section_id
    present = built_assistant.ask("Kế hoạch có nhắc đến kinh tế ban đêm không?")
    assert present.outcome == "answer" and present.text.startswith("Có. Theo")
    absent = built_assistant.ask("Kế hoạch có nói về sân bay vũ trụ không?")
    assert absent.outcome == "decline" and not absent.text.startswith("Có")
