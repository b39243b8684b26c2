"""Errors in the user's language. The core raises English errors for logs and the CLI; the app
shows each one in Vietnamese with what to do next, keeping the technical detail for support."""

from __future__ import annotations

import logging
import re

from assistant.errors import AssistantError, DocumentError

log = logging.getLogger(__name__)

# (pattern on the English problem, Vietnamese message with what to do next)
_DOCUMENT_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"password-protected", "Tệp PDF có mật khẩu. Hãy lưu một bản không đặt mật khẩu rồi tải lên lại."),
    (r"no text layer", "Tệp PDF chỉ có ảnh quét, không có lớp chữ. Hãy nhận dạng chữ (OCR) rồi tải lên bản kết quả."),
    (r"not a PDF file|truncated|PDF is damaged|PDF has no pages", "Tệp PDF bị hỏng hoặc không đầy đủ. Hãy xuất lại tệp từ bản gốc rồi tải lên."),
    (r"binary file|UTF-16", "Tệp không phải văn bản thuần. Hãy dùng định dạng .pdf, .docx, .txt hoặc .md."),
    (r"zip bomb|expands to", "Tệp Word giải nén ra quá lớn (nghi là tệp độc hại). Hãy kiểm tra lại tệp."),
    (r"^(?:DOCX|is not a valid DOCX|is a ZIP file)", "Tệp Word (.docx) bị hỏng hoặc không hợp lệ. Hãy mở bằng Word, lưu lại dạng .docx rồi tải lên."),
    (r"over the .* limit", "Tệp quá lớn so với giới hạn cho phép. Hãy tách nhỏ tài liệu hoặc liên hệ quản trị để nâng giới hạn."),
    (r"file is empty|contains no text", "Tệp rỗng, không có nội dung chữ. Hãy kiểm tra lại tệp."),
    (r"not valid UTF-8", "Tệp văn bản không ở bảng mã UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258). Hãy chuyển sang UTF-8 rồi tải lên lại."),
    (r"garbled", "Chữ trong tệp bị lỗi phông (ví dụ 'Tá»‰nh'). Hãy xuất lại tài liệu từ tệp gốc."),
    (r"unsupported file type", "Định dạng tệp không được hỗ trợ. Chỉ nhận .pdf, .docx, .txt, .md."),
    (r"same document id", "Hai tệp trong lần tải lên có cùng tên. Hãy đổi tên một tệp."),
    (r"already exists", "Kho đã có văn bản cùng mã. Không thêm gì. Nếu đây là bản mới của cùng văn bản, đánh dấu ô "
                        "“Thay thế văn bản đã có cùng mã” rồi bấm lại; nếu là văn bản khác, hãy đổi tên tệp."),
    (r"file not found|is a folder", "Không tìm thấy tệp. Hãy chọn lại tệp cần tải lên."),
)


# (pattern on an English request error, Vietnamese message): what the user typed or chose.
_REQUEST_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"topic is empty", "Chủ đề đang trống. Hãy nhập chủ đề, ví dụ “phát triển nhà ở đô thị”."),
    (r"topic has \d+ characters", "Chủ đề quá dài (tối đa 300 ký tự). Hãy nêu chủ đề ngắn gọn hơn."),
    (r"audience has \d+ characters", "Phần đối tượng quá dài (tối đa 120 ký tự)."),
    (r"unknown length", "Độ dài chỉ nhận: ngắn, vừa hoặc dài."),
    (r"unknown draft kind", "Loại tài liệu không hợp lệ. Hãy chọn trong danh sách."),
    (r"rerank mode needs", "Chế độ tìm kiếm “rerank” chưa được cài đặt trên máy chủ. Hãy chọn “hybrid”."),
    (r"unknown backend|ASSISTANT_BACKEND", "Cách trả lời này không có trên máy chủ. Hãy chọn “extractive”."),
    (r"question is empty", "Câu hỏi đang trống."),
)


def vietnamese(exc: BaseException) -> str:
    """One message for the user: what went wrong and what to do next."""
    if isinstance(exc, DocumentError):
        name = exc.path.rsplit("/", 1)[-1]
        for pattern, message in _DOCUMENT_PROBLEMS:
            if re.search(pattern, exc.problem, re.IGNORECASE):
                return f"Không đọc được tệp “{name}”: {message}"
        log.warning("document refused: %s", exc.problem)
        return f"Không đọc được tệp “{name}”. Hãy kiểm tra lại tệp (mở được, có chữ, đúng định dạng) rồi thử lại."
    text = str(exc)
    if type(exc).__name__ == "IndexMissingError":
        return "Chưa có chỉ mục tìm kiếm. Hãy vào thẻ “Tài liệu” và bấm “Lập lại chỉ mục”."
    if "backend 'openai' needs" in text or "ASSISTANT_OPENAI" in text:
        return "Chưa cấu hình máy chủ mô hình ngôn ngữ (ASSISTANT_OPENAI_BASE_URL, ASSISTANT_OPENAI_MODEL). Hãy chọn chế độ “extractive” hoặc liên hệ quản trị."
    if "llamacpp" in text or "GGUF" in text:
        return "Chưa cài đặt mô hình cục bộ (llama.cpp). Hãy chọn chế độ “extractive” hoặc liên hệ quản trị."
    if "no document" in text:
        return "Không tìm thấy văn bản này trong kho (có thể đã bị xóa). Hãy tải lại trang."
    for pattern, message in _REQUEST_PROBLEMS:
        if re.search(pattern, text):
            return message
    if isinstance(exc, AssistantError):
        log.warning("request refused: %s", text)
        return "Không thực hiện được yêu cầu. Hãy kiểm tra lại thông tin đã nhập rồi thử lại."
    log.exception("unexpected error in the app", exc_info=exc)
    return "Đã có lỗi ngoài dự kiến. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị hệ thống."
