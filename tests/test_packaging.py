"""The package as users get it: light imports of the pure stages, and a non-editable wheel that
carries every subpackage and its package data and runs ingest, ask and serve on its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from tests.conftest import free_port, with_session_vectors

HEAVY = ("chromadb", "langchain_core", "langchain", "pypdf", "torch", "gradio", "docx", "bm25s", "numpy", "yaml")


@pytest.mark.parametrize("module", ["assistant", "assistant.model", "assistant.text.normalize", "assistant.ingest.structure",
                                    "assistant.ingest.chunking", "assistant.config", "assistant.resources"])
def test_pure_stages_import_without_heavy_libraries(module):
    code = f"import sys, {module}; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.replace("'", '"')) == [], f"importing {module} loaded {out.stdout.strip()}"


def test_package_attributes_stay_importable_lazily():
    out = subprocess.run([sys.executable, "-c", "from assistant import Assistant, Settings, AssistantError; print(Assistant.__name__)"],
                         capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "Assistant", out.stderr


def _site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the build backend (setuptools) is already in the test venv, and the
    # suite must not need the network.
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                            str(PROJECT_ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return next(out.glob("*.whl"))


def test_wheel_carries_every_subpackage_and_the_prompts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in sorted(p.parent for p in (PROJECT_ROOT / "assistant").rglob("__init__.py")):
        rel = package.relative_to(PROJECT_ROOT).as_posix()
        assert f"{rel}/__init__.py" in names, f"{rel} is missing from the wheel"
    shipped = {p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "assistant" / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped <= names, f"package data missing from the wheel: {sorted(shipped - names)}"
    assert "assistant/resources/prompts/drafts.yaml" in names


def test_installed_wheel_ingests_answers_and_serves(wheel, tmp_path, built_assistant):
    """A fresh venv with only the wheel installed (dependencies borrowed from the test venv),
    run from a folder holding a corpus, far from the checkout."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=180)
    vpython = venv / "bin" / "python"
    install = subprocess.run([str(vpython), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    # The dependencies come from the test venv's site-packages, added as a plain path: its .pth
    # files (among them the editable install of the checkout) are not processed that way.
    deps = Path(next(p for p in sys.path if p.endswith("site-packages")))
    (_site_packages(venv) / "borrowed-deps.pth").write_text(str(deps) + "\n", encoding="utf-8")

    home = tmp_path / "office"
    shutil.copytree(PROJECT_ROOT / "corpus", home / "corpus")
    # Vectors already embedded by the session index are reused by content hash: the build is
    # still a real Chroma + BM25 build, only the model's work is not repeated.
    with_session_vectors(built_assistant, home / "index")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PYTHONPATH"}
    exe = str(venv / "bin" / "assistant")

    where = subprocess.run([str(vpython), "-c", "import assistant, assistant.resources as r; print(assistant.__file__); print(r.PROMPTS_DIR)"],
                           capture_output=True, text=True, cwd=home, env=env, timeout=60)
    assert where.returncode == 0, where.stderr
    package_file, prompts_dir = where.stdout.split()
    assert str(venv) in package_file and str(PROJECT_ROOT) not in package_file
    assert (Path(prompts_dir) / "answer.system.md").is_file()

    ingest = subprocess.run([exe, "ingest", "--json"], capture_output=True, text=True, cwd=home, env=env, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["documents"] >= 1
    assert (home / "index" / "CURRENT").is_file()

    ask = subprocess.run([exe, "ask", "Đến năm 2025 tỷ lệ đô thị hóa đạt bao nhiêu?", "--json"], capture_output=True, text=True,
                         cwd=home, env=env, timeout=300)
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert not answer["refused"] and "26%" in answer["text"]
    assert any(c["section_id"].startswith("II.2.1") for c in answer["citations"])

    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([exe, "serve"], cwd=home, env={**env, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"},
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert page.status == 200
                break
            except urllib.error.HTTPError as exc:
                pytest.fail(f"the app answered {exc.code}")
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("the installed app did not start: " + (tmp_path / "serve.log").read_text()[-2000:])
                time.sleep(0.5)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
