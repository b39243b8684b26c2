"""Uploads get their manifest entry from their own header and closing; a person corrects it
(app, `assistant meta`); nothing absent from the text is invented."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import ManifestError
from assistant.ingest.library import add_files, detected_entry, update_entry
from assistant.ingest.manifest import load_manifest
from tests.test_header import PROVINCIAL_PLAN

LIBRARY = PROJECT_ROOT / "evals" / "corpora" / "library"


@pytest.fixture()
def probe(tmp_path):
    path = tmp_path / "kh45-tu-laichau.txt"
    path.write_text(PROVINCIAL_PLAN, encoding="utf-8")
    return path


def test_an_upload_is_described_by_its_own_header_and_closing(probe, corpus_copy):
    settings = Settings(corpus_dir=corpus_copy)
    [doc_id] = add_files([probe], settings)
    entry = next(e for e in load_manifest(corpus_copy) if e.doc_id == doc_id)
    assert (entry.kind, entry.number, entry.issued, entry.issuer) == ("Kế hoạch", "45-KH/TU", dt.date(2025, 3, 5), "Tỉnh ủy Lai Châu")
    assert (entry.signer, entry.signer_title) == ("Giàng Páo Mỷ", "Bí thư")
    assert entry.title.startswith("Kế hoạch số 45-KH/TU ngày 05/03/2025 của Tỉnh ủy Lai Châu thực hiện Nghị quyết")
    assert entry.short_title == "Kế hoạch 45-KH/TU"
    # the hand-written entry of the shipped plan is untouched
    assert next(e for e in load_manifest(corpus_copy) if e.doc_id == "kh-dienbien-nq06").signer == "Mùa A Sơn"


def test_fields_the_text_does_not_carry_stay_empty(tmp_path, corpus_copy):
    note = tmp_path / "ghi-chu.txt"
    note.write_text("Ghi chú họp\n\nCác đơn vị rà soát số liệu phát triển đô thị và báo cáo.\n", encoding="utf-8")
    entry = detected_entry(note, Settings(corpus_dir=corpus_copy))
    assert (entry.number, entry.issued, entry.signer) == (None, None, None)
    assert entry.issuer == "không ghi" and entry.kind == "Tài liệu"


def test_a_person_corrects_the_detected_fields_on_upload_and_later(probe, corpus_copy):
    settings = Settings(corpus_dir=corpus_copy)
    [doc_id] = add_files([probe], settings, metadata={probe.name: {"short_title": "Kế hoạch 45 Lai Châu", "signer": ""}})
    entry = next(e for e in load_manifest(corpus_copy) if e.doc_id == doc_id)
    assert entry.short_title == "Kế hoạch 45 Lai Châu" and entry.signer is None
    updated = update_entry(doc_id, settings, {"issued": "2025-03-06", "signer": "Giàng Páo Mỷ"})
    assert updated.issued == dt.date(2025, 3, 6)
    assert next(e for e in load_manifest(corpus_copy) if e.doc_id == doc_id).signer == "Giàng Páo Mỷ"
    with pytest.raises(ManifestError) as bad:
        update_entry(doc_id, settings, {"issued": "06/03/2025"})
    assert bad.value.code == "manifest_field" and "issued" in str(bad.value)
    with pytest.raises(ManifestError):
        update_entry(doc_id, settings, {"doc_id": "other"})


def test_cli_meta_shows_a_files_header_and_corrects_an_entry(probe, corpus_copy):
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus_copy)}
    shown = subprocess.run([sys.executable, "-m", "assistant", "meta", str(LIBRARY / "nq03-cp.md"), "--json"],
                           capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert (data["number"], data["issued"], data["issuer"], data["signer"]) == ("03/NQ-CP", "2025-01-09", "Chính phủ", "Nguyễn Hòa Bình")
    changed = subprocess.run([sys.executable, "-m", "assistant", "meta", "kh-dienbien-nq06", "--number", "99-KH/TU", "--json"],
                             capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120)
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout)["number"] == "99-KH/TU"
    assert "# One entry per document" in (corpus_copy / "manifest.yaml").read_text(encoding="utf-8")  # comments kept
    wrong = subprocess.run([sys.executable, "-m", "assistant", "meta", "kh-dienbien-nq06", "--issued", "hôm qua"],
                           capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120)
    assert wrong.returncode != 0 and "issued" in wrong.stderr and "Traceback" not in wrong.stderr
