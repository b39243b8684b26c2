"""Whole-or-nothing writes and the lock between processes (assistant/files.py)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

import assistant
from assistant.files import atomic_save, atomic_write, exclusive

# Child processes import this checkout's package, wherever pytest was started from.
CHILD_ENV = {**os.environ, "PYTHONPATH": str(Path(assistant.__file__).resolve().parent.parent)}


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.fixture
def umask():
    def set_umask(value):
        previous.append(os.umask(value))

    previous = []
    yield set_umask
    for value in reversed(previous):
        os.umask(value)


def test_text_and_bytes_replace_the_file_whole(tmp_path):
    target = tmp_path / "báo cáo.md"
    atomic_write(target, "Tỷ lệ đô thị hóa đạt trên 26%.\n")
    assert target.read_text(encoding="utf-8") == "Tỷ lệ đô thị hóa đạt trên 26%.\n"
    atomic_write(target, b"\x00\x01binary")
    assert target.read_bytes() == b"\x00\x01binary"
    assert _leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "manifest.yaml"
    target.write_text("documents: []\n", encoding="utf-8")

    def half_then_crash(tmp):
        tmp.write_text("documents:\n  - doc_id: nửa", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_save(target, half_then_crash)
    assert target.read_text(encoding="utf-8") == "documents: []\n" and _leftovers(tmp_path) == []


def test_a_killed_writer_never_leaves_half_a_file(tmp_path):
    target = tmp_path / "CURRENT"
    target.write_text("old-build", encoding="utf-8")
    script = textwrap.dedent(f"""
        import os
        from assistant.files import atomic_save

        def write_and_die(tmp):
            tmp.write_text("new-bu", encoding="utf-8")
            os._exit(9)  # killed mid-write: no cleanup of any kind runs

        atomic_save({str(target)!r}, write_and_die)
    """)
    result = subprocess.run([sys.executable, "-c", script], env=CHILD_ENV)
    assert result.returncode == 9
    assert target.read_text(encoding="utf-8") == "old-build"


def test_new_files_follow_the_umask_unless_a_mode_is_given(tmp_path, umask):
    umask(0o022)
    assert (atomic_write(tmp_path / "a.md", "x").stat().st_mode & 0o777) == 0o644
    umask(0o077)  # an administrator who wants private files gets them
    assert (atomic_write(tmp_path / "b.md", "x").stat().st_mode & 0o777) == 0o600
    assert (atomic_write(tmp_path / "c.md", "x", mode=0o644).stat().st_mode & 0o777) == 0o644


def test_exclusive_makes_another_process_wait(tmp_path):
    lock = tmp_path / ".corpus.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from assistant.files import exclusive

            with exclusive({str(lock)!r}):
                print("held", flush=True)
                sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=CHILD_ENV,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(Timeout):
            FileLock(str(lock), timeout=0.2).acquire()
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=30) == 0
        with exclusive(lock):  # released with the holder's block: free again
            pass
    finally:
        holder.kill()
