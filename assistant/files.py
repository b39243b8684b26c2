"""Writing files safely: whole-or-nothing replacement, and one lock between processes.

Every file the assistant replaces (the manifest, uploaded documents, the index pointer,
reports, exported drafts) goes through `atomic_save` / `atomic_write`: the new content is
written to a temporary file in the same folder, flushed to disk, renamed over the target with
`os.replace` (atomic on POSIX within one file system) and the folder is flushed too, so after a
crash or a power cut a reader finds either the old file or the new one, never half of one.

`exclusive` serialises whole operations (an upload, an ingest) between processes and threads
with the `filelock` library; the lock file stays in place, only its lock is released.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock

# File names are limited to 255 bytes; the temporary name adds a prefix and a suffix to the target's.
_MAX_STEM = 180


def atomic_save(path: Path | str, save: Callable[[Path], object], *, mode: int | None = None) -> Path:
    """Replace `path` by what `save(tmp)` writes into the temporary path it is given.

    For writers that want a file name (python-docx's `save`, `shutil.copyfile`). The temporary
    file is created like any new file (0666 less the umask) unless `mode` is given; the mode is
    set before anything is written, so the content is never visible with looser permissions.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name[:_MAX_STEM]}.{secrets.token_hex(6)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
    finally:
        os.close(fd)
    try:
        save(tmp)
        fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync(path.parent)  # the rename itself is durable only once the folder is flushed
    return path


def atomic_write(path: Path | str, data: str | bytes, *, mode: int | None = None, encoding: str = "utf-8") -> Path:
    """Replace `path` by `data` (text is encoded with `encoding`); see `atomic_save`."""
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    return atomic_save(path, lambda tmp: tmp.write_bytes(payload), mode=mode)


def fsync(path: Path | str) -> None:
    """Flush a file or a folder to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive(lock_file: Path | str) -> Iterator[None]:
    """Hold the lock on `lock_file` (created if missing) for the duration of the block; others
    wait for it. Not re-entrant across calls: a block must not take the same lock again."""
    with FileLock(os.fspath(lock_file)):
        yield
