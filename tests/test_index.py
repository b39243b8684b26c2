"""Indexing users can trust: incremental, atomic, crash-safe, and clean on removal."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from assistant import Assistant, Settings
from assistant.config import PROJECT_ROOT
from assistant.ingest.library import add_files, remove_document
from tests.conftest import kill_ingest_midway, with_session_vectors


@pytest.fixture()
def private(tmp_path, corpus_copy):
    """An assistant over a writable corpus copy and its own index, every vector to embed."""
    return Assistant(Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index"))


@pytest.fixture()
def warm(tmp_path, corpus_copy, built_assistant):
    """As `private`, its index folder holding the session's vectors: for tests about what a
    rebuild keeps, adds or removes, not about embedding the whole corpus."""
    return Assistant(Settings(corpus_dir=corpus_copy, index_dir=with_session_vectors(built_assistant, tmp_path / "index")))


def test_unchanged_corpus_is_not_rebuilt_or_reembedded(private):
    first = private.ingest()
    again = private.ingest()
    assert first.embedded == first.chunks and first.rebuilt
    assert again.embedded == 0 and again.skipped == first.chunks and not again.rebuilt
    assert again.build == first.build


def test_editing_a_document_reembeds_only_its_changed_chunks(warm, corpus_copy):
    first = warm.ingest()
    plan = corpus_copy / "kh-dienbien-nq06.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("trên 26%", "trên 27%"), encoding="utf-8")
    second = warm.ingest()
    assert second.rebuilt and second.build != first.build
    assert second.embedded == 1 and second.skipped == first.chunks - 1
    top = warm.search("tỷ lệ đô thị hóa đến năm 2025", k=3)
    assert any("27%" in h.chunk.text for h in top) and not any("26%" in h.chunk.text for h in top)


def test_added_document_is_searchable_and_removed_document_is_gone_from_both_indexes(warm, tmp_path):
    warm.ingest()
    extra = tmp_path / "Thông báo hội nghị.txt"
    extra.write_text("I- NỘI DUNG\n\nHội nghị về quả măng cụt Tuần Giáo tổ chức tại hội trường.", encoding="utf-8")
    (doc_id,) = add_files([extra], warm.settings)
    assert doc_id == "thong-bao-hoi-nghi"
    warm.ingest()
    for mode in ("lexical", "dense", "hybrid"):
        assert warm.search("măng cụt", k=3, mode=mode)[0].chunk.doc_id == doc_id
    remove_document(doc_id, warm.settings)
    warm.ingest()
    for mode in ("lexical", "dense", "hybrid"):
        assert all(h.chunk.doc_id != doc_id for h in warm.search("măng cụt", k=10, mode=mode))
    assert warm.index.vectors.count() == len(warm.index.chunks)


def test_bad_upload_changes_nothing(private, tmp_path):
    from assistant.errors import DocumentError

    manifest_before = (private.settings.manifest_path).read_text(encoding="utf-8")
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    with pytest.raises(DocumentError):
        add_files([bad], private.settings)
    assert private.settings.manifest_path.read_text(encoding="utf-8") == manifest_before
    assert not (private.settings.corpus_dir / "hong.pdf").exists()


def test_search_before_any_ingest_says_what_to_do(private):
    from assistant.index.store import IndexMissingError

    with pytest.raises(IndexMissingError, match="assistant ingest"):
        private.search("đô thị")


def test_kill_during_ingest_leaves_the_previous_index_serving(private, tmp_path):
    first = private.ingest()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(private.settings.corpus_dir),
           "ASSISTANT_INDEX_DIR": str(private.settings.index_dir), "ASSISTANT_CHUNK_MAX_CHARS": "450"}
    kill_ingest_midway([], env, private.settings.index_dir, embed_for_s=0.5)  # part of the new chunks embedded
    builds = private.settings.index_dir / "builds"
    assert (private.settings.index_dir / "CURRENT").read_text().strip() == first.build
    fresh = Assistant(private.settings)
    assert fresh.search("tỷ lệ đô thị hóa 2025", k=1)[0].chunk.section_id == "II.2.1"
    rerun = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--json"], cwd=PROJECT_ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["skipped"] > 0  # vectors embedded before the kill were kept
    assert not any(p.name.startswith(".staging-") and p.stat().st_mtime < time.time() - 3600 for p in builds.iterdir())
    assert (private.settings.index_dir / "CURRENT").read_text().strip() != first.build


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_chroma_server_mode(tmp_path, corpus_copy, chroma_server):
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index", chroma_host="127.0.0.1", chroma_port=chroma_server)
    assistant = Assistant(settings)
    report = assistant.ingest()
    assert report.embedded == report.chunks
    assert assistant.index.vectors.remote
    assert assistant.search("Ban Tuyên giáo chủ trì tuyên truyền", k=1, mode="dense")[0].chunk.section_id == "V.5"
    # A second app process sharing the same server and index folder sees the same build.
    assert Assistant(settings).search("tỷ lệ đô thị hóa 2030", k=1)[0].chunk.section_id == "II.2.2"


def test_unreachable_chroma_server_is_a_clear_error(tmp_path, corpus_copy):
    from assistant.errors import ConfigError

    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index", chroma_host="127.0.0.1", chroma_port=_free_port())
    with pytest.raises(ConfigError, match="chroma run"):
        Assistant(settings).ingest()


def test_any_file_name_gets_a_valid_distinct_id(warm, tmp_path):
    names = ["a" * 79 + " b.txt", "报告.txt", "通知.txt", "Kế hoạch 06 (bản sửa).md"]
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_text("I- NỘI DUNG\n\nVăn bản thử nghiệm số một.", encoding="utf-8")
        paths.append(path)
    ids = add_files(paths, warm.settings)
    assert len(set(ids)) == 4 and "ke-hoach-06-ban-sua" in ids
    assert all(len(i) <= 80 and i[-1].isalnum() for i in ids)
    assert warm.ingest().documents == 5


def test_two_files_with_the_same_id_in_one_upload_change_nothing(private, tmp_path):
    from assistant.errors import DocumentError

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "Báo cáo.txt", tmp_path / "b" / "bao-cao.md"
    for p in (first, second):
        p.write_text("I- NỘI DUNG\n\nBáo cáo tình hình.", encoding="utf-8")
    before = private.settings.manifest_path.read_text(encoding="utf-8")
    with pytest.raises(DocumentError, match="same document id"):
        add_files([first, second], private.settings)
    assert private.settings.manifest_path.read_text(encoding="utf-8") == before
    assert not list(private.settings.corpus_dir.glob("bao-cao.*"))


def test_concurrent_ingests_leave_a_valid_current_index(warm, corpus_copy):
    warm.ingest()
    plan = corpus_copy / "kh-dienbien-nq06.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("trên 26%", "trên 29%"), encoding="utf-8")
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus_copy), "ASSISTANT_INDEX_DIR": str(warm.settings.index_dir)}
    procs = [
        subprocess.Popen([sys.executable, "-m", "assistant", "ingest", "--json"], cwd=PROJECT_ROOT, env={**env, "ASSISTANT_CHUNK_MAX_CHARS": size},
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for size in ("500", "700")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    current = (warm.settings.index_dir / "CURRENT").read_text().strip()
    assert (warm.settings.index_dir / "builds" / current / "meta.json").is_file()
    assert Assistant(warm.settings).search("tỷ lệ đô thị hóa 2025", k=1)[0].chunk.section_id == "II.2.1"


def test_empty_corpus_is_a_clear_error(tmp_path):
    from assistant.errors import AssistantError

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.yaml").write_text("documents: []\n", encoding="utf-8")
    with pytest.raises(AssistantError, match="no documents"):
        Assistant(Settings(corpus_dir=corpus, index_dir=tmp_path / "index")).ingest()


def test_adding_a_document_keeps_the_hand_written_manifest_text(private, tmp_path):
    before = private.settings.manifest_path.read_text(encoding="utf-8")
    new = tmp_path / "thong-bao.txt"
    new.write_text("THÔNG BÁO KẾT LUẬN HỘI NGHỊ\n\nI- NỘI DUNG\n\nHội nghị đã thống nhất.", encoding="utf-8")
    add_files([new], private.settings)
    after = private.settings.manifest_path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # comments and folded titles untouched
    from assistant.ingest.manifest import load_manifest

    entry = next(e for e in load_manifest(private.settings.corpus_dir) if e.doc_id == "thong-bao")
    assert entry.issuer == "không ghi" and entry.number is None and entry.short_title.startswith("Thông báo kết luận")
