"""The app's Vietnamese messages are chosen by error code, never by the English text."""

import re
from pathlib import Path

import pytest

import assistant
from assistant.app.messages import DOCUMENT_MESSAGES, GENERIC_DOCUMENT, GENERIC_REQUEST, MESSAGES, UNEXPECTED, vietnamese
from assistant.config import Settings
from assistant.errors import AssistantError, DocumentError
from assistant.ingest.corpus import load_file
from tests.conftest import render_pdf

PACKAGE = Path(assistant.__file__).parent
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)


def _codes_in_source() -> set[str]:
    """Every code the package sets: `code="..."` at a raise site or `code = "..."` on a class."""
    codes = set()
    for path in PACKAGE.rglob("*.py"):
        codes |= set(re.findall(r'\bcode\s*=\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_code_the_package_raises_has_a_vietnamese_message():
    codes = _codes_in_source()
    assert {"pdf_encrypted", "file_too_large", "index_missing", "topic_empty"} <= codes  # the scan finds them
    missing = sorted(c for c in codes - {"error", "document_unreadable"} if c not in DOCUMENT_MESSAGES | MESSAGES)
    assert missing == []
    for message in (DOCUMENT_MESSAGES | MESSAGES).values():
        assert VIETNAMESE_LETTER.search(message) and message.endswith((".", ")")), message


def _refusal(path: Path, settings=None) -> str:
    with pytest.raises(DocumentError) as exc:
        load_file(path, settings or Settings())
    return vietnamese(exc.value)


@pytest.mark.parametrize("name, data, expected", [
    ("bao-cao.pdf", b"not a pdf at all", "Tệp PDF bị hỏng"),
    ("bao-cao.txt", b"", "Tệp rỗng"),
    ("bao-cao.txt", "Thông báo: họp giao ban".encode("latin-1", errors="replace"), "bảng mã UTF-8"),  # a legacy 8-bit code page
    ("bao-cao.exe", b"MZ\x90\x00", "không được hỗ trợ"),
    ("bao-cao.docx", b"PK not really a zip", "Tệp Word (.docx) bị hỏng"),
    ("bao-cao.txt", b"\x00\x01\x02\x03binary" * 10, "không phải văn bản thuần"),
])
def test_real_refusals_are_explained_in_vietnamese(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    message = _refusal(path)
    assert message.startswith(f"Không đọc được tệp “{name}”: ") and expected in message


def test_an_encrypted_pdf_and_an_oversized_file_get_their_own_advice(tmp_path):
    locked = render_pdf(["I- MỤC TIÊU", "Tỷ lệ đô thị hóa đạt 26%."], tmp_path / "mat-khau.pdf", user_password="123")
    assert "mật khẩu" in _refusal(locked)
    big = tmp_path / "lon.txt"
    big.write_bytes(b"a" * (1024 * 1024 + 1))
    assert "quá lớn" in _refusal(big, Settings(max_file_mb=1))


def test_the_english_text_does_not_choose_the_message():
    """An English problem that reads like another failure is still shown by its code."""
    error = DocumentError("/tmp/x/bao-cao.pdf", "PDF is password-protected", code="file_empty")
    assert vietnamese(error) == f"Không đọc được tệp “bao-cao.pdf”: {DOCUMENT_MESSAGES['file_empty']}"


def test_an_unknown_code_gets_a_generic_vietnamese_message_with_the_english_detail():
    message = vietnamese(AssistantError("the moon is <b>full</b>", code="moon_full"))
    assert message == f"{GENERIC_REQUEST} (Chi tiết: the moon is &lt;b&gt;full&lt;/b&gt;)"
    document = vietnamese(DocumentError("/tmp/x/a.pdf", "odd compression filter", code="pdf_odd_filter"))
    assert document == f"Không đọc được tệp “a.pdf”. {GENERIC_DOCUMENT} (Chi tiết: odd compression filter)"


def test_an_unexpected_exception_is_not_shown_to_the_user():
    assert vietnamese(KeyError("internal/secret/path")) == UNEXPECTED


def test_errors_that_the_user_must_fix_show_what_to_fix(tmp_path):
    from assistant.evaluation.questionset import load_question_set

    questions = tmp_path / "qs.yaml"
    questions.write_text("- id: a\n  question: ''\n", encoding="utf-8")
    with pytest.raises(AssistantError) as exc:
        load_question_set(questions)
    message = vietnamese(exc.value)
    assert message.startswith(MESSAGES["question_set_invalid"]) and "a: question" in message
