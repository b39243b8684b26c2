"""Files of the app: the types an upload may have, the paths Gradio passes, and the one temp
folder generated downloads are written to (Gradio serves downloads from the temp dir)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]


WORK_ROOT = Path(tempfile.gettempdir()) / "dienbien-assistant"
WORK_TTL_S = 3600  # generated files are kept an hour: long enough to download, never piling up


def workdir(prefix: str) -> Path:
    """A fresh folder under one temp folder (Gradio serves downloads from the temp dir);
    folders older than an hour are removed on the way."""
    WORK_ROOT.mkdir(exist_ok=True)
    cutoff = time.time() - WORK_TTL_S
    for old in WORK_ROOT.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=WORK_ROOT))


def upload_paths(files) -> list[Path]:
    """The paths of uploaded files, whatever Gradio passed (paths, or objects with a name)."""
    out = []
    for f in files or []:
        out.append(Path(f if isinstance(f, (str, Path)) else getattr(f, "name", f)))
    return out
