"""Section trees of real documents of other kinds (evals/corpora): closings that sit near the
start, appendices with their own numbering, attached documents whose Điều numbering starts
again, tables kept row by row with their headers, chapter names on the line after the numeral."""

from __future__ import annotations

import pytest
import yaml

from assistant.config import PROJECT_ROOT, Settings
from assistant.evaluation.questionset import load_question_set
from assistant.ingest.chunking import chunk_document
from assistant.ingest.corpus import load_corpus
from assistant.ingest.loader import load_document
from assistant.ingest.structure import parse_sections
from assistant.ingest.tables import cells, group_heading, is_row, render

CORPORA = PROJECT_ROOT / "evals" / "corpora"


def _parsed(rel: str):
    doc = load_document(CORPORA / rel, None, Settings())
    return doc, parse_sections(doc.text, doc.doc_id)


@pytest.fixture(scope="module")
def resolution():
    return _parsed("library/nq03-cp.md")


def test_a_closing_near_the_start_ends_the_articles_and_the_programme_follows(resolution):
    doc, tree = resolution
    tops = [s.id for s in tree if s.parent is None]
    assert tops == ["preamble", "Điều 1", "Điều 2", "Điều 3", "closing", "Chương trình hành động", "Phụ lục I", "Phụ lục II"]
    article = tree.get("Điều 3")
    assert "Nơi nhận" not in doc.text[article.start:article.end]
    closing = tree.get("closing")
    assert "Nguyễn Hòa Bình" in doc.text[closing.start:closing.end]
    assert tree.get("Chương trình hành động.I") is not None  # its own numbering, under its own name


def test_appendices_are_their_own_subtrees_and_group_rows_give_the_horizon(resolution):
    doc, tree = resolution
    assert tree.get("Phụ lục I").heading == "Phụ lục I. Danh mục các chỉ tiêu cụ thể"
    group = tree.get("Phụ lục I.I")
    assert group.parent == "Phụ lục I" and group.title == "Đến năm 2030"
    assert tree.is_within("Phụ lục II.VII", "Phụ lục II") and not tree.is_within("Phụ lục II.VII", "Phụ lục I")
    # no section swallows the appendices any more (it was 60 % of the text in one section)
    assert max(s.own_end - s.start for s in tree) < 0.2 * len(doc.text)


def test_table_rows_are_never_cut_and_carry_their_column_headers(resolution):
    doc, tree = resolution
    chunks = [c for c in chunk_document(doc, tree) if c.section_id.startswith("Phụ lục I.")]
    assert chunks
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            if line.strip():
                assert is_row(line), f"a chunk starts or ends inside a row: {line[:80]!r}"
    target = next(c for c in chunks if "Quy mô kinh tế số" in c.text)
    assert "Chỉ tiêu: Quy mô kinh tế số | Đơn vị: % GDP | Kết quả: ≥ 30" in target.context
    assert "Quy mô kinh tế số" in target.context_text and target.breadcrumb.endswith("I. Đến năm 2030")
    assert doc.text[target.start:target.end] == target.text  # quotes stay the document's own text


def test_an_attached_regulation_restarts_its_article_numbers():
    _, tree = _parsed("library/qd72-2025-ubnd-bacninh.md")
    assert [s.id for s in tree if s.parent is None] == ["preamble", "Điều 1", "Điều 2", "Điều 3", "closing", "Quy định"]
    assert tree.get("Quy định").title.startswith("Quy định xây dựng, quản lý và sử dụng chung hạ tầng")
    for n in (1, 2, 3):
        assert tree.get(f"Quy định.Điều {n}") is not None
        assert tree.is_within(f"Quy định.Điều {n}", "Quy định.Chương I")
    assert tree.get("Quy định.Chương I").title == "QUY ĐỊNH CHUNG"


def test_chapters_are_named_by_their_name_and_a_law_ends_with_its_signature():
    doc, tree = _parsed("luat-doanh-nghiep/luat-59-2020-qh14.txt")
    assert tree.get("Chương II").heading == "Chương II. Thành lập doanh nghiệp"
    assert tree.get("Điều 206") is not None and tree.get("Điều 218") is not None
    closing = tree.get("closing")
    assert doc.text[closing.start:].split() == ["CHỦ", "TỊCH", "QUỐC", "HỘI", "Nguyễn", "Thị", "Kim", "Ngân"]


def test_a_report_attached_after_a_covering_letter_is_its_own_document():
    _, tree = _parsed("library/cv402-vpdu.md")
    tops = [s.id for s in tree if s.parent is None]
    assert tops[:3] == ["preamble", "closing", "Báo cáo"]
    assert tree.get("Báo cáo.I") is not None and tree.get("Phụ lục 3.II.1") is not None


def test_question_sets_accept_every_id_the_parser_produces(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "luat-59-2020-qh14.txt").write_bytes((CORPORA / "luat-doanh-nghiep" / "luat-59-2020-qh14.txt").read_bytes())
    (corpus / "nq03-cp.md").write_bytes((CORPORA / "library" / "nq03-cp.md").read_bytes())
    entries = [{"doc_id": "luat-59-2020-qh14", "file": "luat-59-2020-qh14.txt", "title": "Luật Doanh nghiệp", "short_title": "Luật Doanh nghiệp 2020",
                "kind": "Luật", "number": "59/2020/QH14", "issued": "2020-06-17", "issuer": "Quốc hội"},
               {"doc_id": "nq03-cp", "file": "nq03-cp.md", "title": "Nghị quyết 03/NQ-CP", "short_title": "Nghị quyết 03/NQ-CP",
                "kind": "Nghị quyết", "number": "03/NQ-CP", "issued": "2025-01-09", "issuer": "Chính phủ"}]
    (corpus / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True), encoding="utf-8")
    questions = tmp_path / "q.yaml"
    questions.write_text(yaml.safe_dump([
        {"id": "article", "question": "Điều 206 quy định gì?", "expected_sections": ["luat-59-2020-qh14#Điều 206"]},
        {"id": "appendix", "question": "Quy mô kinh tế số đến 2030?", "expected_sections": ["nq03-cp#Phụ lục I.I"]},
        {"id": "attached", "question": "Chương trình có mấy nhiệm vụ?", "expected_sections": ["nq03-cp#Chương trình hành động.I"]},
    ], allow_unicode=True), encoding="utf-8")
    trees = {p.doc_id: p.tree for p in load_corpus(Settings(corpus_dir=corpus))}
    loaded = load_question_set(questions, trees)
    assert [q.expected_sections[0].split("#")[1] for q in loaded] == ["Điều 206", "Phụ lục I.I", "Chương trình hành động.I"]


@pytest.mark.parametrize("line, heading", [
    ("| **I** | **Đến năm 2030** | | | |", "I. Đến năm 2030"),
    ("|  **I.** | Nâng cao nhận thức, đột phá về đổi mới tư duy | | | | |", "I. Nâng cao nhận thức, đột phá về đổi mới tư duy"),
    ("| 10 | Quy mô kinh tế số | % GDP | ≥ 30 | Bộ Thông tin và Truyền thông |", None),
    ("| 11 | Chỉ tiêu về thực hiện thủ tục hành chính | | | |", None),  # a numbered row is data, not a heading
    ("|---|---|---|", None),
    ("Không phải một hàng", None),
])
def test_group_rows_are_headings_and_data_rows_are_not(line, heading):
    assert group_heading(line) == heading


def test_a_row_is_rendered_with_its_headers_and_empty_cells_left_out():
    header = ("TT", "Chỉ tiêu", "Đơn vị", "Kết quả")
    assert render(header, cells("| 10 | Quy mô kinh tế số | % GDP | ≥ 30 |")) == "TT: 10 | Chỉ tiêu: Quy mô kinh tế số | Đơn vị: % GDP | Kết quả: ≥ 30"
    assert render(header, cells("| 11 | Dịch vụ công | | |")) == "TT: 11 | Chỉ tiêu: Dịch vụ công"


def test_a_heading_in_capitals_cut_by_the_wrap_inside_its_bold_keeps_its_whole_title():
    doc, tree = _parsed("library/kh552-ubnd-dongthap.md")  # "**III. LỘ" / "TRÌNH THỰC HIỆN**"
    assert [tree.get(n).title for n in ("I", "III", "V")] == ["MỤC ĐÍCH, YÊU CẦU", "LỘ TRÌNH THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]
