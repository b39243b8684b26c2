"""Document-kind profiles chosen for the real documents of evals/corpora and the roles they
give to those documents' own sections."""

from __future__ import annotations

import pytest
import yaml

from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest.corpus import parse_document
from assistant.ingest.loader import load_document
from assistant.ingest.manifest import ManifestEntry
from assistant.ingest.profiles import GENERIC, profile_at, profile_for, profiles, section_role

LIBRARY = PROJECT_ROOT / "evals" / "corpora" / "library"
ENTRIES = {e["doc_id"]: e for e in yaml.safe_load((LIBRARY / "manifest.yaml").read_text(encoding="utf-8"))["documents"]}


def _parsed(doc_id: str):
    entry = ManifestEntry.model_validate(ENTRIES[doc_id])
    return parse_document(load_document(LIBRARY / entry.file, entry, Settings()), Settings())


@pytest.mark.parametrize("doc_id, profile", [
    ("nq57-tw", "nghi-quyet-dang"), ("nq03-cp", "nghi-quyet-chinh-phu"), ("kh3260-ddqh", "ke-hoach"),
    ("kh310-ubnd-hanoi", "ke-hoach"), ("qd2629-ttg", "quyet-dinh"), ("qd72-2025-ubnd-bacninh", "quyet-dinh"),
    ("luat60-2024-qh15", "luat"), ("nd172-2025-cp", "luat"), ("ct06-ubnd-quangtri", "chi-thi"),
    ("kl69-tw", "ket-luan"), ("hd45-btctw", "huong-dan"), ("cv402-vpdu", "bao-cao"),
])
def test_every_kind_of_the_library_has_its_profile(doc_id, profile):
    entry = ENTRIES[doc_id]
    assert profile_for(entry["kind"], entry["issuer"]).name == profile


def test_an_unknown_kind_falls_back_to_the_generic_profile():
    assert profile_for("Sổ tay", "Hội Nông dân").name == GENERIC
    assert profile_for(None).name == GENERIC
    assert all(p.outline and p.decline_hint for p in profiles())


@pytest.mark.parametrize("doc_id, section_id, role", [
    ("nq57-tw", "I", "viewpoints"), ("nq57-tw", "II.1", "goals"), ("nq57-tw", "IV.5", "organisation"),
    ("kh3260-ddqh", "III", "organisation"), ("luat60-2024-qh15", "Điều 1", "scope"),
    ("qd72-2025-ubnd-bacninh", "Quy định.Điều 1", "scope"), ("cv402-vpdu", "Báo cáo.III", "limitations"),
])
def test_sections_get_the_role_their_headings_name(doc_id, section_id, role):
    parsed = _parsed(doc_id)
    assert section_role(parsed, parsed.tree.get(section_id)) == role


def test_an_attached_programme_is_read_with_the_profile_of_its_own_kind():
    parsed = _parsed("nq03-cp")
    assert profile_at(parsed, parsed.tree.get("Điều 1")).name == "nghi-quyet-chinh-phu"
    assert profile_at(parsed, parsed.tree.get("Chương trình hành động.I")).name == "ke-hoach"
