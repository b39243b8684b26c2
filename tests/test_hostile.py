"""Files from people we do not control: mutated PDFs, hostile names, duplicates. Each gives a
clear error or a clean load, within a time limit, and never touches anything outside corpus/."""

import random
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import DocumentError
from assistant.ingest.library import add_files
from assistant.ingest.loader import doc_id_for, load_document
from assistant.ingest.manifest import load_manifest
from tests.conftest import render_pdf

MUTANTS = 300
SECONDS_PER_FILE = 10


@contextmanager
def time_limit(seconds: int):
    def expired(*_):
        raise TimeoutError(f"loading took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Byte flips, cuts, duplicated and inserted runs: what broken transfers and fuzzers produce."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.choice(("flip", "cut", "dup", "insert", "zero"))
        i = rng.randrange(len(data))
        if op == "flip":
            data[i] ^= 1 << rng.randrange(8)
        elif op == "cut":
            del data[i : i + rng.randint(1, 2000)]
        elif op == "dup":
            data[i:i] = data[i : i + rng.randint(1, 500)]
        elif op == "insert":
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            data[i : i + 64] = b"\0" * len(data[i : i + 64])
    return bytes(data)


def test_hundreds_of_mutated_pdfs_load_or_fail_cleanly(tmp_path):
    source = render_pdf(["KẾ HOẠCH", "I. MỤC TIÊU", "1. Đến năm 2025", "- Tỷ lệ đô thị hóa phấn đấu đạt trên 26%."] * 8,
                        tmp_path / "goc.pdf").read_bytes()
    rng = random.Random(20261125)
    settings = Settings()
    outcomes = {"loaded": 0, "refused": 0}
    for n in range(MUTANTS):
        path = tmp_path / f"m{n}.pdf"
        path.write_bytes(mutate(source, rng))
        with time_limit(SECONDS_PER_FILE):
            try:
                doc = load_document(path, None, settings)
                assert doc.text.strip()
                outcomes["loaded"] += 1
            except DocumentError as exc:  # the only failure allowed: one clear line naming the file
                assert str(exc).startswith(str(path)) and "\n" not in str(exc)
                outcomes["refused"] += 1
    assert sum(outcomes.values()) == MUTANTS and outcomes["refused"] > 0


@pytest.mark.parametrize("name", [
    "../../../etc/passwd.txt", "..%2F..%2Fescape.txt", "Kế hoạch số 1 (bản cuối).txt", "\u202egnp.exe.txt",
    ".hidden.txt", "con.txt", "  spaces  .txt", "报告.txt", "a" * 240 + ".txt", "ke-hoach\x00.txt",
])
def test_hostile_file_names_stay_inside_the_corpus(tmp_path, corpus_copy, name):
    safe_name = name.replace("/", "_").replace("\x00", "")  # what a browser upload can carry as a basename
    path = tmp_path / "upload" / safe_name
    path.parent.mkdir()
    path.write_text("KẾ HOẠCH\nthử nghiệm\n\nI. MỤC TIÊU\n\n- Nội dung thử nghiệm đủ dài để được lập chỉ mục.\n",
                    encoding="utf-8")
    settings = Settings(corpus_dir=corpus_copy)
    doc_id = add_files([path], settings)[0]
    assert doc_id == doc_id_for(path) and all(c.isalnum() and c.isascii() or c in "-._" for c in doc_id)
    target = next(e for e in load_manifest(corpus_copy) if e.doc_id == doc_id).file
    assert (corpus_copy / target).resolve().parent == corpus_copy.resolve()
    assert len(target) <= 100


def test_a_duplicate_upload_is_idempotent(tmp_path, corpus_copy):
    path = tmp_path / "ke-hoach-moi.txt"
    path.write_text("KẾ HOẠCH\nthử nghiệm\n\nI. MỤC TIÊU\n\n- Nội dung thử nghiệm đủ dài để được lập chỉ mục.\n",
                    encoding="utf-8")
    settings = Settings(corpus_dir=corpus_copy)
    first = add_files([path], settings)
    manifest = (corpus_copy / "manifest.yaml").read_text(encoding="utf-8")
    assert add_files([path], settings) == first
    assert (corpus_copy / "manifest.yaml").read_text(encoding="utf-8") == manifest
    assert sorted(p.name for p in corpus_copy.iterdir() if p.stem == "ke-hoach-moi") == ["ke-hoach-moi.txt"]


def test_an_oversized_upload_is_refused_in_vietnamese(tmp_path, built_assistant):
    from assistant.app.handlers import add_documents

    big = tmp_path / "qua-lon.txt"
    with open(big, "wb") as f:
        f.truncate(2 * 1024 * 1024)
    settings = built_assistant.settings.with_(max_file_mb=1)
    from assistant import Assistant

    message = add_documents(Assistant(settings), [str(big)])
    assert message.startswith("Không đọc được tệp “qua-lon.txt”: Tệp quá lớn")


def test_uploads_over_the_limit_are_refused_by_the_server(app_server, tmp_path):
    import urllib.request

    body = b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n" + b"a" * (51 * 1024 * 1024) \
        + b"\r\n--x--\r\n"
    request = urllib.request.Request(app_server["url"] + "gradio_api/upload", data=body,
                                     headers={"Content-Type": "multipart/form-data; boundary=x"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=60)
    assert error.value.code == 413
    assert not any(Path(app_server["root"], "corpus").glob("big*"))
