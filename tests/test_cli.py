"""The command line as a user runs it: a real subprocess, real corpus."""

import json
import os
import subprocess
import sys

from assistant.config import PROJECT_ROOT
from tests.test_structure import PLAN_IDS


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ, **(env or {})}, timeout=120,
    )


def test_sections_json_follows_the_contract():
    result = run("sections", "kh-dienbien-nq06", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == PLAN_IDS
    assert set(rows[0]) == {"id", "title", "parent", "chars"}
    assert next(r for r in rows if r["id"] == "II.2.1") == {
        "id": "II.2.1", "title": "Đến năm 2025", "parent": "II.2", "chars": rows[5]["chars"]
    }
    assert rows[1]["title"] == "Mục đích, yêu cầu"  # same wording as the text view


def test_sections_of_a_file_path():
    result = run("sections", "corpus/kh-dienbien-nq06.txt")
    assert result.returncode == 0
    assert "II.2.1" in result.stdout and "2.1. Đến năm 2025" in result.stdout


def test_ingest_reports_counts_in_the_contract_shape(tmp_path):
    env = {"ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    first = run("ingest", "--json", env=env)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert set(report) == {"documents", "chunks", "embedded", "skipped"}
    assert report["documents"] == 1 and report["chunks"] > 30 and report["embedded"] == report["chunks"]
    again = json.loads(run("ingest", "--json", env=env).stdout)
    assert again["embedded"] == 0 and again["skipped"] == report["chunks"]


def test_unknown_document_is_one_line_error_without_traceback():
    result = run("sections", "khong-co")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "kh-dienbien-nq06" in result.stderr  # says which ids exist


def test_bad_file_is_one_line_error(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf at all")
    result = run("ingest", str(bad))
    assert result.returncode == 1 and "not a PDF" in result.stderr and "Traceback" not in result.stderr


def test_corpus_dir_comes_from_the_environment(tmp_path):
    result = run("ingest", env={"ASSISTANT_CORPUS_DIR": str(tmp_path)})
    assert result.returncode == 1 and "manifest is missing" in result.stderr


def test_bad_setting_is_reported():
    result = run("ingest", env={"ASSISTANT_CHUNK_MAX_CHARS": "lots"})
    assert result.returncode == 1 and "ASSISTANT_CHUNK_MAX_CHARS" in result.stderr and "Traceback" not in result.stderr


def test_output_cut_short_by_a_pipe_ends_quietly():
    result = subprocess.run(
        f"{sys.executable} -m assistant sections kh-dienbien-nq06 | head -1", shell=True,
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )
    assert result.stdout.startswith("Kế hoạch 06 Điện Biên") and "Error" not in result.stderr


def test_targets_json_follows_the_contract():
    result = run("targets", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"indicator", "value", "unit", "horizon", "section_id", "quote"} <= set(rows[0])
    assert {"indicator": "Tỷ lệ đô thị hóa", "value": "26", "unit": "%", "horizon": "2025", "section_id": "II.2.1"}.items() \
        <= next(r for r in rows if r["indicator"] == "Tỷ lệ đô thị hóa").items()


def test_timeline_and_responsibilities_as_json_and_csv():
    timeline = run("timeline", "--json")
    assert timeline.returncode == 0, timeline.stderr
    first = json.loads(timeline.stdout)[0]
    assert (first["when"], first["body"], first["section_id"]) == ("Trong quý III/2022", "Các huyện ủy, thị ủy, thành ủy", "V.4")
    matrix = run("responsibilities", "--csv")
    assert matrix.returncode == 0
    assert matrix.stdout.startswith("\ufeffbody,role,task,deadline,doc_id,section_id,quote")
    assert "Ban Tuyên giáo Tỉnh ủy,chủ trì," in matrix.stdout
    text = run("timeline")
    assert "Trong quý III/2022" in text.stdout and "(không nêu cơ quan)" in text.stdout


def test_draft_is_written_to_docx_and_bad_requests_are_one_line(built_assistant, tmp_path):
    env = {"ASSISTANT_INDEX_DIR": str(built_assistant.settings.index_dir)}
    out = tmp_path / "de-cuong.docx"
    result = run("draft", "de-cuong", "--topic", "phát triển nhà ở đô thị", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 5000 and "đã ghi" in result.stderr
    as_json = json.loads(run("draft", "hoi-dap", "--topic", "tỷ lệ đô thị hóa", "--json", env=env).stdout)
    assert {"text", "footnotes"} <= set(as_json)
    assert {"n", "doc_id", "section_id", "quote"} <= set(as_json["footnotes"][0])
    bad = run("draft", "bai-viet", "--topic", "nhà ở", env=env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    declined = run("draft", "tin-bai", "--topic", "giải bóng đá", "--out", str(tmp_path / "x.docx"), env=env)
    assert declined.returncode == 1 and "Tài liệu không đề cập" in declined.stdout
    assert not (tmp_path / "x.docx").exists()
    shown = run("draft", "tin-bai", "--topic", "giải bóng đá", env=env)  # a decline is an answer, like `ask`
    assert shown.returncode == 0 and "Tài liệu không đề cập" in shown.stdout
