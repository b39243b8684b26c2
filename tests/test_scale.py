"""Scale-out as documented: one Chroma server (`chroma run`) shared by several app processes,
each answering through its own `/ask`; and a crash of a reindex started from an upload."""

import os
import subprocess
import sys

from gradio_client import Client

from assistant import Assistant
from assistant.config import PROJECT_ROOT, Settings
from tests.conftest import kill_ingest_midway, start_app, stop_app, with_session_vectors


def test_two_app_processes_share_one_chroma_server(tmp_path, corpus_copy, chroma_server, built_assistant):
    import shutil

    index = with_session_vectors(built_assistant, tmp_path / "index")
    settings = Settings(corpus_dir=corpus_copy, index_dir=index, chroma_host="127.0.0.1", chroma_port=chroma_server)
    Assistant(settings).ingest()
    env = {"ASSISTANT_CHROMA_HOST": "127.0.0.1", "ASSISTANT_CHROMA_PORT": str(chroma_server)}
    apps = []
    try:
        for n in range(2):
            root = tmp_path / f"app{n}"
            root.mkdir()
            shutil.copytree(corpus_copy, root / "corpus")
            os.symlink(index, root / "index")  # one index folder (pointer + lexical), one vector store
            apps.append(start_app(root, index, env))
        answers = [Client(url, verbose=False).predict(q, None, api_name="/ask")
                   for (_, url, _, _), q in zip(apps, ["Tỷ lệ đô thị hóa năm 2025 đạt bao nhiêu?",
                                                       "Ai chủ trì công tác tuyên truyền?"])]
        assert "26%" in answers[0]["text"] and answers[0]["citations"][0]["section_id"] == "II.2.1"
        assert "Ban Tuyên giáo" in answers[1]["text"]
    finally:
        for proc, *_ in apps:
            stop_app(proc)


def test_kill_during_a_reindex_after_an_upload_keeps_the_previous_index(tmp_path, corpus_copy, built_assistant):
    import shutil

    index = tmp_path / "index"
    shutil.copytree(built_assistant.settings.index_dir, index)
    settings = Settings(corpus_dir=corpus_copy, index_dir=index)
    before = (index / "CURRENT").read_text().strip()
    upload = tmp_path / "ke-hoach-lon.txt"
    upload.write_text("KẾ HOẠCH\nphát triển\n\nI. MỤC TIÊU\n\n" + "\n\n".join(
        f"- Nội dung số {n}: phát triển hạ tầng khu dân cư bản {n} với nhiều hạng mục cụ thể." for n in range(400)),
        encoding="utf-8")
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus_copy), "ASSISTANT_INDEX_DIR": str(index)}
    kill_ingest_midway([str(upload)], env, index, embed_for_s=1.0, wait_s=120)  # mid-way through the new document
    assert (index / "CURRENT").read_text().strip() == before  # the previous complete index still serves
    assert Assistant(settings).search("tỷ lệ đô thị hóa 2025", k=1)[0].chunk.section_id == "II.2.1"
    rerun = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(upload)], cwd=PROJECT_ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert Assistant(settings).search("hạ tầng khu dân cư bản 399", k=1)[0].chunk.doc_id == "ke-hoach-lon"
