"""Errors in the user's language. The core raises English errors for logs and the CLI; the app
shows each one in Vietnamese with what to do next, keeping the technical detail for support."""

from __future__ import annotations

import logging
import re

from ..errors import AssistantError, DocumentError

log = logging.getLogger(__name__)

# (pattern on the English problem, Vietnamese message with what to do next)
_DOCUMENT_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"password-protected", "Tệp PDF có mật khẩu. Hãy lưu một bản không đặt mật khẩu rồi tải lên lại."),
    (r"no text layer", "Tệp PDF chỉ có ảnh quét, không có lớp chữ. Hãy nhận dạng chữ (OCR) rồi tải lên bản kết quả."),
    (r"not a PDF file|truncated|PDF is damaged|PDF has no pages", "Tệp PDF bị hỏng hoặc không đầy đủ. Hãy xuất lại tệp từ bản gốc rồi tải lên."),
    (r"DOCX|Word document|ZIP", "Tệp Word (.docx) bị hỏng hoặc không hợp lệ. Hãy mở bằng Word, lưu lại dạng .docx rồi tải lên."),
    (r"uncompressed", "Tệp Word giải nén ra quá lớn (nghi là tệp độc hại). Hãy kiểm tra lại tệp."),
    (r"over the .* limit", "Tệp quá lớn so với giới hạn cho phép. Hãy tách nhỏ tài liệu hoặc liên hệ quản trị để nâng giới hạn."),
    (r"file is empty|contains no text", "Tệp rỗng, không có nội dung chữ. Hãy kiểm tra lại tệp."),
    (r"not valid UTF-8", "Tệp văn bản không ở bảng mã UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258). Hãy chuyển sang UTF-8 rồi tải lên lại."),
    (r"garbled", "Chữ trong tệp bị lỗi phông (ví dụ 'Tá»‰nh'). Hãy xuất lại tài liệu từ tệp gốc."),
    (r"binary file|UTF-16", "Tệp không phải văn bản thuần. Hãy dùng định dạng .pdf, .docx, .txt hoặc .md."),
    (r"unsupported file type", "Định dạng tệp không được hỗ trợ. Chỉ nhận .pdf, .docx, .txt, .md."),
    (r"same document id", "Hai tệp trong lần tải lên có cùng tên. Hãy đổi tên một tệp."),
    (r"file not found|is a folder", "Không tìm thấy tệp. Hãy chọn lại tệp cần tải lên."),
)


def vietnamese(exc: BaseException) -> str:
    """One message for the user: what went wrong and what to do next."""
    if isinstance(exc, DocumentError):
        name = exc.path.rsplit("/", 1)[-1]
        for pattern, message in _DOCUMENT_PROBLEMS:
            if re.search(pattern, exc.problem, re.IGNORECASE):
                return f"Không đọc được tệp “{name}”: {message}"
        return f"Không đọc được tệp “{name}”. Hãy kiểm tra tệp rồi thử lại. (Chi tiết: {exc.problem})"
    text = str(exc)
    if type(exc).__name__ == "IndexMissingError":
        return "Chưa có chỉ mục tìm kiếm. Hãy vào thẻ “Tài liệu” và bấm “Lập lại chỉ mục”."
    if "backend 'openai' needs" in text or "ASSISTANT_OPENAI" in text:
        return "Chưa cấu hình máy chủ mô hình ngôn ngữ (ASSISTANT_OPENAI_BASE_URL, ASSISTANT_OPENAI_MODEL). Hãy chọn chế độ “extractive” hoặc liên hệ quản trị."
    if "llamacpp" in text or "GGUF" in text:
        return "Chưa cài đặt mô hình cục bộ (llama.cpp). Hãy chọn chế độ “extractive” hoặc liên hệ quản trị."
    if "no document" in text:
        return "Không tìm thấy văn bản này trong kho (có thể đã bị xóa). Hãy tải lại trang."
    if isinstance(exc, AssistantError):
        return f"Không thực hiện được yêu cầu. Hãy kiểm tra lại thông tin đã nhập. (Chi tiết: {text})"
    log.exception("unexpected error in the app", exc_info=exc)
    return "Đã có lỗi ngoài dự kiến. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị hệ thống."
