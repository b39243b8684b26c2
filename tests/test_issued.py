"""'Khi nào ban hành?' is answered with the document's own date, quoted from its place-and-date
line; a document that prints none is declined, never answered with the date of the resolution
it implements."""

from __future__ import annotations

import shutil

import pytest

from assistant import Assistant
from assistant.config import Settings
from tests.conftest import with_session_vectors
from tests.test_header import PROVINCIAL_PLAN


@pytest.fixture(scope="module")
def two_plans(built_assistant, tmp_path_factory):
    from assistant.config import PROJECT_ROOT
    from assistant.ingest.library import add_files

    root = tmp_path_factory.mktemp("issued")
    shutil.copytree(PROJECT_ROOT / "corpus", root / "corpus")
    with_session_vectors(built_assistant, root / "index")
    probe = root / "kh45-tu-laichau.txt"
    probe.write_text(PROVINCIAL_PLAN, encoding="utf-8")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index")
    add_files([probe], settings)
    assistant = Assistant(settings)
    assistant.ingest()
    return assistant


def test_the_shipped_plan_prints_no_date_so_its_date_is_declined(built_assistant):
    answer = built_assistant.ask("Kế hoạch được ban hành ngày nào?")
    assert answer.refused and "24/01/2022" not in answer.text and not answer.citations


def test_a_dated_plan_is_answered_with_its_own_date_line(two_plans):
    answer = two_plans.ask("Kế hoạch 45-KH/TU của Tỉnh ủy Lai Châu ban hành ngày nào?")
    assert not answer.refused, answer.reason
    assert answer.text.startswith("Ngày 05 tháng 3 năm 2025.")
    assert answer.citations[0].doc_id == "kh45-tu-laichau" and "Lai Châu, ngày 05 tháng 3 năm 2025" in answer.citations[0].quote
    assert "22/12/2024" not in answer.text  # the date of the resolution it implements


@pytest.mark.parametrize("question, meta, about", [
    ("Kế hoạch được ban hành ngày nào?", {"kind": "Kế hoạch", "number": None}, True),
    ("Nghị quyết số 06-NQ/TW được ban hành ngày nào?", {"kind": "Kế hoạch", "number": None}, False),
    ("NQ 06 của BCT ban hành ngày nào?", {"kind": "Kế hoạch", "number": None}, False),
    ("Kế hoạch thực hiện Nghị quyết 06 được ban hành ngày nào?", {"kind": "Kế hoạch", "number": None}, True),
    ("Kế hoạch 45-KH/TU ban hành ngày nào?", {"kind": "Kế hoạch", "number": "45-KH/TU"}, True),
    ("Kế hoạch 46 ban hành ngày nào?", {"kind": "Kế hoạch", "number": "45-KH/TU"}, False),
    ("Văn bản này ký ngày nào?", {"kind": "Chỉ thị", "number": "06/CT-UBND"}, True),
])
def test_the_date_asked_is_of_the_document_the_question_names(question, meta, about):
    from assistant.answer.chain import _asks_about

    assert _asks_about(question, meta) is about


@pytest.mark.parametrize("question, asks_issuer", [
    ("Cơ quan nào ban hành kế hoạch này?", True),
    ("Kế hoạch do ai ban hành?", True),
    ("Ai ban hành Luật Dữ liệu?", True),
    ("Cơ quan nào ban hành văn bản này?", True),
    # what the document says a body issues is a duty in its text, not its header
    ("Theo Luật Dữ liệu, cơ quan nào ban hành danh mục tiêu chuẩn, quy chuẩn kỹ thuật về dữ liệu?", False),
    ("Đơn vị nào ban hành quy chế khai thác dữ liệu?", False),
    ("Cơ quan nào ban hành văn bản hướng dẫn chi tiết Luật?", False),
])
def test_who_issues_the_document_is_told_from_who_issues_something_it_names(question, asks_issuer):
    from assistant.answer.question import analyse

    assert ("issuer" in analyse(question).kinds) == asks_issuer
