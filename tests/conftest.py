from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest.corpus import load_corpus
from assistant.model import ParsedDocument

PLAN_ID = "kh-dienbien-nq06"
PLAN_PATH = PROJECT_ROOT / "corpus" / f"{PLAN_ID}.txt"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def plan(settings) -> ParsedDocument:
    return next(p for p in load_corpus(settings) if p.doc_id == PLAN_ID)


@pytest.fixture(scope="session")
def built_assistant(tmp_path_factory):
    """The real corpus indexed once with the real default model into a temporary index."""
    from assistant import Assistant

    assistant = Assistant(Settings(index_dir=tmp_path_factory.mktemp("index")))
    assistant.ingest()
    return assistant


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the real corpus folder."""
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", target)
    return target


def render_pdf(paragraphs: list[str], path: Path, *, user_password: str | None = None, page_numbers: bool = True) -> Path:
    """Typeset paragraphs into a real PDF with a Unicode font, as a word processor would."""
    from fpdf import FPDF

    if not DEJAVU.exists():
        pytest.skip("DejaVu font not installed (apt-get install fonts-dejavu-core)")

    class Pdf(FPDF):
        def footer(self):
            if page_numbers:
                self.set_y(-15)
                self.cell(0, 10, str(self.page_no()), align="C")

    pdf = Pdf(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    for para in paragraphs:
        pdf.multi_cell(0, 6, para.strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(root: Path, index_from: Path, extra_env: dict | None = None):
    """`python app.py` as a user starts it, on its own corpus copy, index copy and data folder;
    returns (process, url, port, log file)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    if not (root / "corpus").exists():
        shutil.copytree(PROJECT_ROOT / "corpus", root / "corpus")
    if not (root / "index").exists():
        shutil.copytree(index_from, root / "index")
    port = free_port()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(root / "corpus"), "ASSISTANT_INDEX_DIR": str(root / "index"),
           "ASSISTANT_DATA_DIR": str(root / "data"), "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False",
           **(extra_env or {})}
    log_path = root / f"app-{port}.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "app.py")], cwd=PROJECT_ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers (a login page may say 401)
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"app did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.5)
    return proc, url, port, log_path


def stop_app(proc) -> None:
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_server(built_assistant, tmp_path_factory):
    root = tmp_path_factory.mktemp("app")
    proc, url, port, log = start_app(root, built_assistant.settings.index_dir)
    yield {"url": url, "root": root, "port": port, "log": log}
    stop_app(proc)


@pytest.fixture()
def chroma_server(tmp_path):
    """A real `chroma run` on a free port, for the server-mode (scale-out) tests."""
    import socket
    import subprocess
    import sys
    import time

    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--path", str(tmp_path / "chroma"),
                               "--port", str(port), "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield port
    server.terminate()
    server.wait(timeout=30)


def kill_ingest_midway(args: list[str], env: dict, index_dir: Path, embed_for_s: float, wait_s: float = 60) -> None:
    """Run `assistant ingest ARGS` in a real subprocess and kill -9 it once it is building (its
    staging folder exists) and has embedded for `embed_for_s` seconds."""
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", *args], cwd=PROJECT_ROOT,
                            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = index_dir / "builds"
    deadline = time.time() + wait_s
    while time.time() < deadline and not (builds.exists() and any(p.name.startswith(".staging-") for p in builds.iterdir())):
        time.sleep(0.05)
    time.sleep(embed_for_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def with_session_vectors(built_assistant, index_dir: Path) -> Path:
    """`index_dir`, created, holding the session index's vector cache: an ingest into it embeds
    only text the session has not embedded yet (vectors are cached by content and model), and
    is otherwise the real Chroma + BM25 build. For tests whose point is not embedding itself."""
    index_dir.mkdir(parents=True, exist_ok=True)
    cache = built_assistant.settings.index_dir / "embeddings-cache.sqlite3"
    shutil.copyfile(cache, index_dir / cache.name)
    return index_dir


def share_vectors(built_assistant, index_dir: Path) -> None:
    """Hand the vectors an ingest into `index_dir` (made by `with_session_vectors`) embedded back
    to the session, so the next library fixture does not embed the same documents again. The
    cache is keyed by content and model: more entries change no result, only what is reused."""
    import sqlite3

    cache = built_assistant.settings.index_dir / "embeddings-cache.sqlite3"
    with sqlite3.connect(cache, timeout=30) as db:  # a merge, not a copy: the session's own app may be writing
        db.execute("ATTACH DATABASE ? AS new", (str(index_dir / cache.name),))
        db.execute("INSERT OR IGNORE INTO vectors SELECT * FROM new.vectors")
    db.close()


def plan_with_library(built_assistant, root: Path, doc_ids) -> "Assistant":  # noqa: F821
    """The shipped plan with these documents of evals/corpora/library/, indexed with the real
    model into `root` (vectors the session already has are reused, new ones shared back)."""
    import shutil

    import yaml

    from assistant import Assistant
    from assistant.config import PROJECT_ROOT

    library = PROJECT_ROOT / "evals" / "corpora" / "library"
    shutil.copytree(PROJECT_ROOT / "corpus", root / "corpus")
    manifest = yaml.safe_load((root / "corpus" / "manifest.yaml").read_text(encoding="utf-8"))
    for entry in yaml.safe_load((library / "manifest.yaml").read_text(encoding="utf-8"))["documents"]:
        if entry["doc_id"] in doc_ids:
            shutil.copy2(library / entry["file"], root / "corpus" / entry["file"])
            manifest["documents"].append(entry)
    (root / "corpus" / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    assistant = Assistant(Settings(corpus_dir=root / "corpus", index_dir=with_session_vectors(built_assistant, root / "index")))
    assistant.ingest()
    share_vectors(built_assistant, root / "index")
    return assistant
