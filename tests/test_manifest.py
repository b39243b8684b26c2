"""The corpus manifest: complete, consistent with the folder, and explicit about what is unknown."""

import pytest
import yaml

from assistant.config import Settings
from assistant.errors import ManifestError
from assistant.ingest.library import add_files, remove_document
from assistant.ingest.manifest import NOT_STATED, load_manifest


def _edit(corpus, change):
    path = corpus / "manifest.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["documents"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_real_manifest_describes_the_plan(corpus_copy):
    (entry,) = load_manifest(corpus_copy)
    assert entry.doc_id == "kh-dienbien-nq06"
    assert entry.short_title == "Kế hoạch 06 Điện Biên"
    assert entry.number_display == NOT_STATED and entry.issued_display == NOT_STATED
    assert entry.signer == "Mùa A Sơn"
    assert any("16-NQ/TU" in r.title for r in entry.related)


def test_file_missing_from_folder_is_named(corpus_copy):
    (corpus_copy / "kh-dienbien-nq06.txt").unlink()
    with pytest.raises(ManifestError, match=r"kh-dienbien-nq06\.txt: listed in the manifest but the file is missing"):
        load_manifest(corpus_copy)


def test_file_without_entry_is_named(corpus_copy):
    (corpus_copy / "nghi-quyet-moi.txt").write_text("I- MỤC TIÊU", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"nghi-quyet-moi\.txt: file has no entry"):
        load_manifest(corpus_copy)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda e: e.pop("number"), r"kh-dienbien-nq06\.txt: field 'number' field required"),
        (lambda e: e.update(issued="24/01/2022"), r"kh-dienbien-nq06\.txt: field 'issued'"),
        (lambda e: e.update(doc_id="KH 06"), r"kh-dienbien-nq06\.txt: field 'doc_id'"),
        (lambda e: e.update(colour="red"), r"kh-dienbien-nq06\.txt: field 'colour' extra inputs"),
        (lambda e: e.update(file="../secret.txt"), r"\.\./secret\.txt: field 'file'.*without folders"),
        (lambda e: e.update(doc_id="other-id"), r"kh-dienbien-nq06\.txt: doc_id must be the file stem"),
    ],
)
def test_bad_fields_are_reported_with_the_file_name(corpus_copy, change, expected):
    _edit(corpus_copy, change)
    with pytest.raises(ManifestError, match=expected):
        load_manifest(corpus_copy)


def test_missing_manifest_says_what_to_do(tmp_path):
    with pytest.raises(ManifestError, match="manifest is missing"):
        load_manifest(tmp_path)


def test_manifest_that_is_not_yaml_is_reported(corpus_copy):
    (corpus_copy / "manifest.yaml").write_text("documents: [unclosed", encoding="utf-8")
    with pytest.raises(ManifestError, match="not valid UTF-8 YAML"):
        load_manifest(corpus_copy)


def test_impossible_date_is_reported_not_crashed(corpus_copy):
    path = corpus_copy / "manifest.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("issued: null", "issued: 2022-13-45"), encoding="utf-8")
    with pytest.raises(ManifestError, match="not valid UTF-8 YAML"):
        load_manifest(corpus_copy)


def _upload(tmp_path, name, text):
    path = tmp_path / "uploads" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_adding_and_removing_documents_keeps_hand_written_text(corpus_copy, tmp_path):
    settings = Settings(corpus_dir=corpus_copy)
    manifest = corpus_copy / "manifest.yaml"
    hand_written = manifest.read_text(encoding="utf-8").replace(
        "documents:\n", "documents:\n  # Kế hoạch của Tỉnh ủy, nhập tay ngày 02/03\n", 1
    ).replace("    kind: Kế hoạch\n", "    kind: Kế hoạch  # loại theo trích yếu\n", 1) + "# cuối danh sách\n"
    manifest.write_text(hand_written, encoding="utf-8")

    (doc_id,) = add_files([_upload(tmp_path, "thong-bao.txt", "THÔNG BÁO\n\nI- NỘI DUNG\n\nHọp giao ban quý I.")], settings)
    text = manifest.read_text(encoding="utf-8")
    assert text.startswith(hand_written.removesuffix("# cuối danh sách\n"))  # the plan's entry, byte for byte
    assert "  - doc_id: thong-bao\n" in text and "# cuối danh sách" in text
    assert [e.doc_id for e in load_manifest(corpus_copy)] == ["kh-dienbien-nq06", "thong-bao"]

    remove_document(doc_id, settings)
    assert manifest.read_text(encoding="utf-8") == hand_written


def test_deleting_every_document_then_adding_one_leaves_a_valid_manifest(corpus_copy, tmp_path):
    """Deleting the last document once wrote `documents: []`, and the next upload appended an
    entry after it: YAML that nothing could read."""
    settings = Settings(corpus_dir=corpus_copy)
    for entry in load_manifest(corpus_copy):
        remove_document(entry.doc_id, settings)
    assert load_manifest(corpus_copy) == []
    add_files([_upload(tmp_path, "ke-hoach-moi.txt", "KẾ HOẠCH\n\nI- MỤC TIÊU\n\n- Đạt 50% vào năm 2026.")], settings)
    (entry,) = load_manifest(corpus_copy)
    assert (entry.doc_id, entry.file, entry.number_display) == ("ke-hoach-moi", "ke-hoach-moi.txt", NOT_STATED)
    text = (corpus_copy / "manifest.yaml").read_text(encoding="utf-8")
    assert text.startswith("# One entry per document") and "number: null" in text and "issued: null" in text


def test_replacing_a_document_with_another_format_edits_only_its_file_key(corpus_copy, tmp_path):
    settings = Settings(corpus_dir=corpus_copy)
    manifest = corpus_copy / "manifest.yaml"
    before = manifest.read_text(encoding="utf-8")
    plan = (corpus_copy / "kh-dienbien-nq06.txt").read_text(encoding="utf-8")
    add_files([_upload(tmp_path, "kh-dienbien-nq06.md", plan)], settings)
    assert manifest.read_text(encoding="utf-8") == before.replace("file: kh-dienbien-nq06.txt", "file: kh-dienbien-nq06.md")
    assert not (corpus_copy / "kh-dienbien-nq06.txt").exists()
