"""Errors in the user's language. The core raises English errors for logs and the CLI, each with
a stable `code` (assistant/errors.py); the app shows each code in Vietnamese with what to do
next. An error without a translation still gets a Vietnamese sentence, plus its English detail
so that support can tell what happened.
"""

from __future__ import annotations

import html
import logging

from assistant.errors import AssistantError, DocumentError

log = logging.getLogger(__name__)

_PDF_DAMAGED = "Tệp PDF bị hỏng hoặc không đầy đủ. Hãy xuất lại tệp từ bản gốc rồi tải lên."
_DOCX_DAMAGED = "Tệp Word (.docx) bị hỏng hoặc không hợp lệ. Hãy mở bằng Word, lưu lại dạng .docx rồi tải lên."
_NOT_PLAIN_TEXT = "Tệp không phải văn bản thuần. Hãy dùng định dạng .pdf, .docx, .txt hoặc .md."
_EMPTY = "Tệp rỗng, không có nội dung chữ. Hãy kiểm tra lại tệp."
_NO_FILE = "Không tìm thấy tệp. Hãy chọn lại tệp cần tải lên."

# What is wrong with one file; shown after "Không đọc được tệp “name”: ".
DOCUMENT_MESSAGES: dict[str, str] = {
    "pdf_encrypted": "Tệp PDF có mật khẩu. Hãy lưu một bản không đặt mật khẩu rồi tải lên lại.",
    "pdf_no_text": "Tệp PDF chỉ có ảnh quét, không có lớp chữ. Hãy nhận dạng chữ (OCR) rồi tải lên bản kết quả.",
    "pdf_not_pdf": _PDF_DAMAGED,
    "pdf_truncated": _PDF_DAMAGED,
    "pdf_damaged": _PDF_DAMAGED,
    "pdf_no_pages": _PDF_DAMAGED,
    "docx_damaged": _DOCX_DAMAGED,
    "docx_not_zip": _DOCX_DAMAGED,
    "docx_not_word": _DOCX_DAMAGED,
    "docx_unsupported_structure": _DOCX_DAMAGED,
    "docx_too_large": "Tệp Word giải nén ra quá lớn (nghi là tệp độc hại). Hãy kiểm tra lại tệp.",
    "binary_file": _NOT_PLAIN_TEXT,
    "utf16_damaged": "Tệp văn bản (UTF-16) bị hỏng. Hãy lưu lại dạng UTF-8 rồi tải lên lại.",
    "not_utf8": "Tệp văn bản không ở bảng mã UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258). "
                "Hãy chuyển sang UTF-8 rồi tải lên lại.",
    "text_garbled": "Chữ trong tệp bị lỗi phông (ví dụ 'Tá»‰nh'). Hãy xuất lại tài liệu từ tệp gốc.",
    "file_too_large": "Tệp quá lớn so với giới hạn cho phép. Hãy tách nhỏ tài liệu hoặc liên hệ quản trị để nâng giới hạn.",
    "file_empty": _EMPTY,
    "no_text": _EMPTY,
    "unsupported_type": "Định dạng tệp không được hỗ trợ. Chỉ nhận .pdf, .docx, .txt, .md.",
    "duplicate_in_upload": "Hai tệp trong lần tải lên có cùng tên. Hãy đổi tên một tệp.",
    "document_exists": "Kho đã có văn bản cùng mã. Không thêm gì. Nếu đây là bản mới của cùng văn bản, đánh dấu ô "
                       "“Thay thế văn bản đã có cùng mã” rồi bấm lại; nếu là văn bản khác, hãy đổi tên tệp.",
    "file_not_found": _NO_FILE,
    "path_is_folder": _NO_FILE,
}

_REINDEX = "Hãy vào thẻ “Tài liệu” và bấm “Lập lại chỉ mục”."
_LOCAL_MODEL = "Chưa cài đặt mô hình cục bộ (llama.cpp). Hãy chọn chế độ “extractive” hoặc liên hệ quản trị."
_NOT_FOUND = "Không tìm thấy văn bản này trong kho (có thể đã bị xóa). Hãy tải lại trang."
_SERVER_SETUP = "Máy chủ đang được cấu hình sai. Hãy báo quản trị hệ thống."
_EXPORT = "Không ghi được tệp tải về. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị hệ thống."

# Everything else: what the user typed or chose, or how the server is set up.
MESSAGES: dict[str, str] = {
    "topic_empty": "Chủ đề đang trống. Hãy nhập chủ đề, ví dụ “phát triển nhà ở đô thị”.",
    "topic_too_long": "Chủ đề quá dài (tối đa 300 ký tự). Hãy nêu chủ đề ngắn gọn hơn.",
    "audience_too_long": "Phần đối tượng quá dài (tối đa 120 ký tự).",
    "length_unknown": "Độ dài chỉ nhận: ngắn, vừa hoặc dài.",
    "draft_kind_unknown": "Loại tài liệu không hợp lệ. Hãy chọn trong danh sách.",
    "draft_request_invalid": "Yêu cầu soạn thảo chưa hợp lệ. Hãy kiểm tra chủ đề, loại tài liệu và độ dài.",
    "nothing_to_export": "Tài liệu không đề cập chủ đề này nên không có bản thảo để tải về.",
    "export_failed": _EXPORT,
    "export_write_failed": _EXPORT,
    "export_folder_missing": _EXPORT,
    "export_path_is_folder": _EXPORT,
    "export_type_unsupported": "Chỉ tải về được dạng .docx hoặc .md.",
    "search_mode_unknown": "Chế độ tìm kiếm này không có. Hãy chọn “hybrid”, “lexical” hoặc “dense”.",
    "section_weights_invalid": "Trọng số đề mục và nội dung của điều phải là các số từ 0 đến 1, cộng lại không quá 1. "
                               "Hãy sửa hồ sơ loại văn bản hoặc lời gọi tìm kiếm.",
    "reranker_missing": "Chế độ tìm kiếm “rerank” chưa được cài đặt trên máy chủ. Hãy chọn “hybrid”.",
    "backend_unknown": "Cách trả lời này không có trên máy chủ. Hãy chọn “extractive”.",
    "llm_not_configured": "Chưa cấu hình máy chủ mô hình ngôn ngữ (ASSISTANT_OPENAI_BASE_URL, ASSISTANT_OPENAI_MODEL). "
                          "Hãy chọn chế độ “extractive” hoặc liên hệ quản trị.",
    "llamacpp_model_missing": _LOCAL_MODEL,
    "llamacpp_not_installed": _LOCAL_MODEL,
    "index_missing": "Chưa có chỉ mục tìm kiếm. " + _REINDEX,
    "index_outdated": "Chỉ mục tìm kiếm được lập với mô hình khác mô hình đang cấu hình. " + _REINDEX,
    "corpus_empty": "Kho chưa có văn bản nào. Hãy tải lên ít nhất một văn bản ở thẻ “Tài liệu”.",
    "not_found": _NOT_FOUND,
    "document_not_found": _NOT_FOUND,
    "manifest_invalid": "Danh mục văn bản của kho (manifest.yaml) có lỗi. Hãy báo quản trị hệ thống sửa tệp này.",
    "ask_document_unknown": "Văn bản được chọn để hỏi đáp không có trong kho. Hãy chọn lại văn bản trong danh sách.",
    "draft_document_unknown": "Văn bản được chọn để soạn thảo không có trong kho. Hãy chọn văn bản trong danh sách ở thẻ Tài liệu.",
    "manifest_field": "Thông tin văn bản vừa nhập chưa hợp lệ (ví dụ ngày ban hành phải có dạng NNNN-TT-NN). Hãy sửa lại ô bị báo lỗi.",
    "profile_invalid": "Tệp hồ sơ loại văn bản (profiles) có lỗi. Hãy báo quản trị hệ thống.",
    "manifest_missing": "Kho văn bản chưa có danh mục (manifest.yaml). Hãy báo quản trị hệ thống.",
    "corpus_missing": "Không tìm thấy thư mục kho văn bản. Hãy báo quản trị hệ thống (ASSISTANT_CORPUS_DIR).",
    "chroma_unreachable": "Không kết nối được máy chủ chỉ mục (Chroma). Hãy thử lại sau; nếu lỗi lặp lại, báo quản trị hệ thống.",
    "question_set_invalid": "Bộ câu hỏi đánh giá chưa đúng định dạng. Hãy sửa tệp YAML theo mẫu trong docs/DESIGN.md "
                            "(mục “Question sets”).",
    "question_set_missing": "Không tìm thấy bộ câu hỏi đánh giá. Hãy chọn lại tệp.",
    "config_invalid": _SERVER_SETUP,
    "prompt_missing": _SERVER_SETUP,
    "embedding_model_missing": _SERVER_SETUP,
    "embedding_model_unloadable": _SERVER_SETUP,
    "abbreviations_invalid": "Tệp từ viết tắt của kho (abbreviations.yaml) có lỗi. Hãy báo quản trị hệ thống.",
}

# Codes whose English detail helps the person who has to fix the input: it is shown too.
_SHOW_DETAIL = {"question_set_invalid", "manifest_invalid", "manifest_field", "config_invalid", "abbreviations_invalid"}

GENERIC_DOCUMENT = "Hãy kiểm tra lại tệp (mở được, có chữ, đúng định dạng) rồi thử lại."
GENERIC_REQUEST = "Không thực hiện được yêu cầu. Hãy kiểm tra lại thông tin đã nhập rồi thử lại."
UNEXPECTED = "Đã có lỗi ngoài dự kiến. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị hệ thống."


def vietnamese(exc: BaseException) -> str:
    """One message for the user: what went wrong and what to do next."""
    if isinstance(exc, DocumentError):
        name = exc.path.rsplit("/", 1)[-1]
        message = DOCUMENT_MESSAGES.get(exc.code)
        if message is not None:
            return f"Không đọc được tệp “{name}”: {message}"
        log.warning("document refused (%s, no translation): %s", exc.code, exc.problem)
        return f"Không đọc được tệp “{name}”. {GENERIC_DOCUMENT} {_detail(exc.problem)}"
    if isinstance(exc, AssistantError):
        message = MESSAGES.get(exc.code)
        if message is None:
            log.warning("request refused (%s, no translation): %s", exc.code, exc)
            return f"{GENERIC_REQUEST} {_detail(str(exc))}"
        if exc.code in _SHOW_DETAIL:
            return f"{message} {_detail(str(exc))}"
        return message
    log.exception("unexpected error in the app", exc_info=exc)
    return UNEXPECTED  # no detail: an unexpected error's text may expose internals


def _detail(english: str) -> str:
    # Shown in Markdown components: the English text may quote a file name or a user's input.
    return f"(Chi tiết: {html.escape(english, quote=False)})"
