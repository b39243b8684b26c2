"""Drafting on documents of every kind, as published: a law (Điều, khoản), a Government
resolution with its programme and appendix tables, a Quyết định with the Quy định it issues, a
Chỉ thị. Each is drafted on its own subject, footnoted from itself only, and verified."""

import shutil

import pytest
import yaml

from assistant.config import PROJECT_ROOT, Settings
from assistant.drafting.pipeline import DraftError
from assistant.ingest.header import read_header
from assistant.ingest.profiles import document_profile
from assistant.model import REQUEST_KIND
from assistant.verify.drafts import verify_draft
from tests.conftest import share_vectors, with_session_vectors

LIBRARY = PROJECT_ROOT / "evals" / "corpora" / "library"
LAW, PROGRAMME, DECISION, DIRECTIVE = "luat60-2024-qh15", "nq03-cp", "qd72-2025-ubnd-bacninh", "ct06-ubnd-quangtri"
DOCS = (LAW, PROGRAMME, DECISION, DIRECTIVE)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, built_assistant):
    """Four documents of the library in a corpus folder of their own, indexed once with the real
    model (vectors other library fixtures embedded are reused)."""
    from assistant import Assistant

    root = tmp_path_factory.mktemp("kinds")
    corpus = root / "corpus"
    corpus.mkdir()
    entries = [e for e in yaml.safe_load((LIBRARY / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
               if e["doc_id"] in DOCS]
    for e in entries:
        shutil.copy2(LIBRARY / e["file"], corpus / e["file"])
    (corpus / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True), encoding="utf-8")
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=with_session_vectors(built_assistant, root / "index")))
    assistant.ingest()
    share_vectors(built_assistant, root / "index")
    return assistant


def subject(assistant, doc_id: str) -> str:
    parsed = assistant.document(doc_id)
    return read_header(parsed.document.text).subject or parsed.document.title


def titles(assistant):
    return {p.doc_id: p.document.title for p in assistant.corpus()}


def assert_quotes_only(draft, assistant, doc_id):
    """Produced, verified, every footnote the exact text of `doc_id`."""
    assert not draft.refused, draft.reason
    assert draft.footnotes and verify_draft(draft, titles(assistant)) == []
    text = assistant.document(doc_id).document.text
    for f in draft.footnotes:
        assert f.doc_id == doc_id, f.label
        assert text[f.start:f.end] == f.quote


@pytest.mark.parametrize("doc_id", DOCS)
@pytest.mark.parametrize("kind", ["de-cuong", "hoi-dap"])
def test_a_draft_on_a_documents_own_subject_quotes_that_document_only(assistant, doc_id, kind):
    draft = assistant.draft(kind, subject(assistant, doc_id))
    assert_quotes_only(draft, assistant, doc_id)
    if kind == "hoi-dap":
        assert sum(b.kind == "question" for b in draft.blocks) >= 2


def test_the_manifest_title_works_as_well_as_the_trich_yeu(assistant):
    title = assistant.document(DIRECTIVE).document.title
    assert_quotes_only(assistant.draft("de-cuong", title), assistant, DIRECTIVE)


def test_a_law_is_drafted_in_the_outline_of_its_kind(assistant):
    draft = assistant.draft("de-cuong", subject(assistant, LAW))
    headings = [b.text for b in draft.blocks if b.kind == "heading"]
    outline = [heading for _, heading in document_profile(assistant.document(LAW)).outline]
    assert headings[0] == outline[0] == "PHẠM VI ĐIỀU CHỈNH, ĐỐI TƯỢNG ÁP DỤNG"
    assert set(outline) <= set(headings)  # every part of a law's đề cương has something to say
    cited = {f.section_id for f in draft.footnotes}
    assert {"Điều 1", "Điều 2.1"} & cited  # its scope, article by article (khoản ids are Điều N.k)
    subheadings = [b.text for b in draft.blocks if b.kind == "subheading"]
    assert "Phạm vi điều chỉnh" in subheadings and not any(s.startswith("Điều ") for s in subheadings)


def test_a_decision_is_drafted_from_the_regulation_it_issues(assistant):
    draft = assistant.draft("de-cuong", subject(assistant, DECISION))
    assert_quotes_only(draft, assistant, DECISION)
    assert sum(f.section_id.startswith("Quy định.") for f in draft.footnotes) >= len(draft.footnotes) // 2


def test_a_topic_inside_one_document_keeps_to_it(assistant):
    """Several documents speak of telecommunication infrastructure; the draft keeps to the one
    retrieval finds best instead of stitching sentences of each."""
    draft = assistant.draft("de-cuong", "sử dụng chung cột treo cáp viễn thông")
    assert not draft.refused
    assert {f.doc_id for f in draft.footnotes} == {DECISION}


def test_selected_documents_bound_every_footnote(assistant):
    topic = "khoa học và công nghệ"
    for chosen in ([PROGRAMME], [DECISION], [LAW, DIRECTIVE]):
        draft = assistant.draft("talking-points", topic, docs=chosen)
        assert draft.refused or {f.doc_id for f in draft.footnotes} <= set(chosen)
    assert not assistant.draft("talking-points", topic, docs=[PROGRAMME]).refused


def test_an_unknown_document_is_a_clear_error(assistant):
    with pytest.raises(DraftError, match="'kh-khong-co' is not in the index; choose among"):
        assistant.draft("de-cuong", "dữ liệu", docs=["kh-khong-co"])


def test_a_topic_no_document_covers_is_declined(assistant):
    for topic in ("giải bóng đá vô địch quốc gia", "công thức nấu phở bò"):
        draft = assistant.draft("de-cuong", topic)
        assert draft.refused and not draft.footnotes


def _drafted_text(draft) -> str:
    return "\n".join(b.text for b in draft.blocks if b.kind != REQUEST_KIND)


def test_table_header_rows_are_never_drafted_and_rows_keep_their_headers(assistant):
    header = "| TT | Tên nhiệm vụ | Cơ quan chủ trì |"
    for kind, topic in (("de-cuong", subject(assistant, PROGRAMME)), ("hoi-dap", subject(assistant, PROGRAMME)),
                        ("de-cuong", "chỉ tiêu đến năm 2030"), ("talking-points", "nhiệm vụ xây dựng chương trình")):
        draft = assistant.draft(kind, topic, docs=[PROGRAMME], length="dài")
        assert_quotes_only(draft, assistant, PROGRAMME)
        for f in draft.footnotes:
            assert not f.quote.startswith(header[:12]) and "|---" not in f.quote, f.quote
        assert "Tên nhiệm vụ | Cơ quan chủ trì" not in _drafted_text(draft)
    draft = assistant.draft("de-cuong", "chỉ tiêu đến năm 2030", docs=[PROGRAMME])
    rows = [f for f in draft.footnotes if f.quote.startswith("|")]
    assert rows, "the appendix table of targets is quoted"
    shown = _drafted_text(draft)
    for f in rows:  # the quote is the row as printed; the draft says it with its column headers
        assert f"[{f.n}]" in shown
        line = next(line for line in shown.splitlines() if f"[{f.n}]" in line)
        assert "Chỉ tiêu: " in line and "; đơn vị: " in line and "|" not in line


def test_the_command_line_takes_documents_with_repeated_doc_options(assistant):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(assistant.settings.corpus_dir),
           "ASSISTANT_INDEX_DIR": str(assistant.settings.index_dir)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "assistant", "draft", *args], capture_output=True, text=True,
                              cwd=PROJECT_ROOT, env=env, timeout=300)

    result = run("talking-points", "--topic", "khoa học và công nghệ", "--doc", PROGRAMME, "--doc", DIRECTIVE, "--json")
    assert result.returncode == 0, result.stderr
    footnotes = json.loads(result.stdout)["footnotes"]
    assert footnotes and {f["doc_id"] for f in footnotes} <= {PROGRAMME, DIRECTIVE}
    bad = run("de-cuong", "--topic", "dữ liệu", "--doc", "kh-khong-co")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "kh-khong-co" in bad.stderr


def test_the_drafting_tab_offers_the_documents_and_keeps_to_the_chosen_ones(assistant):
    from assistant.app import handlers as h

    choices = h.draft_documents(assistant)
    assert (assistant.document(LAW).document.short_title, LAW) in choices and len(choices) == len(DOCS)
    preview, docx, md, status = h.make_draft(assistant, "de-cuong", "khoa học và công nghệ", "", "ngắn", None, [PROGRAMME])
    assert status.startswith("Đã soạn xong") and docx.endswith(".docx")
    assert assistant.document(PROGRAMME).document.short_title in preview
    assert all(t not in preview for t, d in choices if d != PROGRAMME)
    status = h.make_draft(assistant, "de-cuong", "dữ liệu", "", "ngắn", None, ["kh-khong-co"])[3]
    assert status == "Văn bản đã chọn không còn trong kho. Hãy chọn lại văn bản hoặc để trống."
