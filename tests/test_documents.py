"""Loaders: real PDFs and DOCX files made in the test, and every kind of bad input."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as new_docx

from assistant.config import Settings
from assistant.errors import DocumentError
from assistant.ingest.corpus import load_file
from assistant.ingest.loader import load_document
from assistant.ingest.structure import parse_sections
from tests.conftest import render_pdf


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory, plan) -> Path:
    paragraphs = plan.document.text.split("\n\n")
    return render_pdf(paragraphs, tmp_path_factory.mktemp("pdf") / "ke-hoach-06.pdf")


def test_pdf_of_the_plan_gives_the_same_section_tree(plan, plan_pdf):
    doc = load_document(plan_pdf)
    tree = parse_sections(doc.text, doc.doc_id)
    assert [(s.id, s.title) for s in tree] == [(s.id, s.title) for s in plan.tree]


def test_pdf_text_matches_the_source_apart_from_whitespace(plan, plan_pdf):
    doc = load_document(plan_pdf)
    assert " ".join(doc.text.split()) == " ".join(plan.document.text.split())


def test_pdf_keeps_page_numbers_for_citations(plan_pdf):
    parsed = load_file(plan_pdf, Settings())
    assert parsed.document.page_starts[0] == 0 and len(parsed.document.page_starts) > 3
    first, last = parsed.chunks[0], parsed.chunks[-1]
    assert first.page_start == 1
    assert last.page_end == len(parsed.document.page_starts)
    assert all(c.page_start <= c.page_end for c in parsed.chunks)
    assert not any(line.strip().isdigit() for line in parsed.document.text.splitlines()), "page footers leaked"


def test_docx_keeps_headings_list_numbering_and_italics(tmp_path):
    d = new_docx()
    d.add_paragraph("KẾ HOẠCH thực hiện Nghị quyết")
    d.add_heading("I- MỤC ĐÍCH, YÊU CẦU", level=1)
    d.add_paragraph("Quán triệt Nghị quyết.")
    d.add_heading("II- TỔ CHỨC THỰC HIỆN", level=1)
    d.add_paragraph("Các huyện ủy ban hành chương trình hành động", style="List Number")
    p = d.add_paragraph("Ban Tuyên giáo chủ trì tuyên truyền (", style="List Number")
    p.add_run("thực hiện thường xuyên").italic = True
    p.add_run(").")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Nơi nhận:"
    table.cell(0, 1).text = "T/M BAN THƯỜNG VỤ"
    path = tmp_path / "ke-hoach.docx"
    d.save(path)

    parsed = load_file(path, Settings())
    text = parsed.document.text
    assert parsed.tree.ids() == ["preamble", "I", "II", "II.1", "II.2", "closing"]
    assert parsed.tree.get("II.2").title.startswith("Ban Tuyên giáo chủ trì")
    assert parsed.document.emphasised(0, len(text)) == ("thực hiện thường xuyên",)
    assert "*" not in text


def _write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path, settings=None) -> str:
    with pytest.raises(DocumentError) as exc:
        load_document(path, settings=settings)
    message = str(exc.value)
    assert str(path) in message and "\n" not in message
    return message


def test_password_protected_pdf_is_refused(tmp_path):
    path = render_pdf(["Tài liệu mật."], tmp_path / "mat.pdf", user_password="123456")
    assert "password-protected" in _error(path)


def test_pdf_with_only_an_owner_password_is_readable(tmp_path):
    path = render_pdf(["I- MỤC TIÊU", "Nội dung đọc được."], tmp_path / "owner.pdf", user_password="")
    assert "Nội dung đọc được." in load_document(path).text


def test_scanned_pdf_asks_for_ocr(tmp_path):
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(img).text((20, 80), "KE HOACH (scanned)", fill="black")
    img_path = tmp_path / "scan.png"
    img.save(img_path)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(img_path), x=10, y=10, w=180)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert "OCR" in _error(path)


def test_truncated_pdf_is_refused(tmp_path, plan_pdf):
    data = plan_pdf.read_bytes()
    assert "truncated" in _error(_write(tmp_path, "cut.pdf", data[: len(data) // 2]))


def test_corrupt_pdf_is_refused(tmp_path):
    data = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage garbage\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    message = _error(_write(tmp_path, "hong.pdf", data))
    assert "damaged" in message or "no pages" in message


def test_file_with_pdf_extension_but_other_content_is_refused(tmp_path):
    assert "not a PDF" in _error(_write(tmp_path, "fake.pdf", "Đây là văn bản thường".encode()))


@pytest.mark.parametrize("name", ["rong.txt", "rong.md", "rong.pdf", "rong.docx"])
def test_empty_file_is_refused(tmp_path, name):
    assert "empty" in _error(_write(tmp_path, name, b""))


def test_whitespace_only_text_is_refused(tmp_path):
    assert "no text" in _error(_write(tmp_path, "trang.txt", b"  \n\n \t\n"))


def test_text_in_a_legacy_encoding_is_refused_with_a_hint(tmp_path):
    data = "Kế hoạch thực hiện Nghị quyết số 06 về phát triển đô thị".encode("cp1258", errors="replace")
    message = _error(_write(tmp_path, "cu.txt", data))
    assert "not valid UTF-8" in message and "iconv" in message


def test_mojibake_is_never_indexed(tmp_path):
    garbled = "Kế hoạch thực hiện Nghị quyết của Tỉnh ủy về đô thị hóa".encode("utf-8").decode("cp1252", errors="replace")
    assert "garbled" in _error(_write(tmp_path, "loi.txt", garbled.encode("utf-8")))


def test_binary_file_named_txt_is_refused(tmp_path):
    assert "binary" in _error(_write(tmp_path, "anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_utf16_text_with_bom_is_accepted(tmp_path):
    path = _write(tmp_path, "u16.txt", "I- MỤC TIÊU\n\nĐô thị hóa.".encode("utf-16"))
    assert load_document(path).text == "I- MỤC TIÊU\n\nĐô thị hóa."


@pytest.mark.parametrize("name", ["bang.xlsx", "anh.png", "khong-duoi"])
def test_unsupported_extension_is_refused(tmp_path, name):
    assert "unsupported file type" in _error(_write(tmp_path, name, b"data"))


def test_corrupt_docx_is_refused(tmp_path):
    assert "not a valid DOCX" in _error(_write(tmp_path, "hong.docx", b"PK\x03\x04 this is not a zip"))


def test_zip_that_is_not_a_word_document_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    assert "not a Word document" in _error(_write(tmp_path, "zip.docx", buf.getvalue()))


def test_docx_zip_bomb_is_refused_before_expansion(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\x00" * (3 * 1024 * 1024))
    settings = Settings(max_docx_uncompressed_mb=1)
    assert "zip bomb" in _error(_write(tmp_path, "bom.docx", buf.getvalue()), settings)


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = _write(tmp_path, "lon.txt", b"a" * (2 * 1024 * 1024))
    assert "over the 1 MiB limit" in _error(path, Settings(max_file_mb=1))


def test_markdown_headings_and_emphasis_are_understood(tmp_path):
    md = "# KẾ HOẠCH\n\n## I- MỤC ĐÍCH\n\nNội dung.\n\n## II- TỔ CHỨC THỰC HIỆN\n\n**1. Ban Tuyên giáo** chủ trì (*thực hiện thường xuyên*)."
    parsed = load_file(_write(tmp_path, "kh.md", md.encode()), Settings())
    assert parsed.tree.ids() == ["preamble", "I", "II", "II.1"]
    assert parsed.document.emphasised(0, len(parsed.document.text))[-1] == "thực hiện thường xuyên"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_correctly(tmp_path, encoding):
    path = _write(tmp_path, "u16.txt", "I- MỤC TIÊU\n\nKế hoạch số 1 về đô thị.".encode(encoding))
    assert load_document(path).text == "I- MỤC TIÊU\n\nKế hoạch số 1 về đô thị."


def test_short_vietnamese_legacy_text_gets_the_right_encoding_hint(tmp_path):
    path = _write(tmp_path, "ngan.txt", b"Xin ch\xe0o Vi\xeat Nam\n")
    assert "windows-1258" in _error(path)


def test_folder_instead_of_file_is_explained(tmp_path):
    folder = tmp_path / "thu-muc.txt"
    folder.mkdir()
    assert "is a folder" in _error(folder)


def _docx_with_numbering_start(tmp_path, start: str) -> Path:
    d = new_docx()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Mục một", style="List Number")
    path = tmp_path / "so.docx"
    d.save(path)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/numbering.xml"] = re.sub(rb'<w:start w:val="\d+"/>', f'<w:start w:val="{start}"/>'.encode(), parts["word/numbering.xml"])
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(b'w:val="decimal"', b'w:val="upperRoman"')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("start", ["x", "1000000000000", "-5"])
def test_hostile_list_numbering_in_docx_is_harmless(tmp_path, start):
    text = load_document(_docx_with_numbering_start(tmp_path, start)).text
    assert "Mục một" in text and len(text) < 200


def test_docx_table_cells_are_not_glued_together(tmp_path):
    d = new_docx()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "m2 sàn"
    path = tmp_path / "bang.docx"
    d.save(path)
    assert load_document(path).text == "Chỉ tiêu\n\nm2 sàn"


def test_pdf_line_wrapping_before_a_roman_numeral_is_not_a_new_part(tmp_path):
    wrapped = "Đô thị phấn đấu đạt tiêu chí đô thị loại " + "IV. Đồng thời tăng cường đầu tư hạ tầng đồng bộ cho các khu vực đô thị mới " * 3
    paragraphs = ["III- NHIỆM VỤ", "1. Quy hoạch", wrapped.strip() + ".", "IV- GIẢI PHÁP", "1. Lãnh đạo", "Nội dung."]
    path = render_pdf(paragraphs, tmp_path / "wrap.pdf")
    tree = parse_sections(load_document(path).text)
    assert tree.ids() == ["III", "III.1", "IV", "IV.1"]
    assert tree.get("IV").title == "GIẢI PHÁP"


def test_aes_encrypted_pdf_with_empty_user_password_opens(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = render_pdf(["I- MỤC TIÊU", "Nội dung mã hóa AES."], tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-256")
    path = tmp_path / "aes.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert "Nội dung mã hóa AES." in load_document(path).text


def test_mutated_pdfs_fail_cleanly(tmp_path, plan_pdf):
    import random

    data = bytearray(plan_pdf.read_bytes())
    rng = random.Random(6)
    for n in range(60):
        mutant = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        path = _write(tmp_path, f"m{n}.pdf", bytes(mutant))
        try:
            load_document(path)
        except DocumentError:
            pass
