"""Adding, replacing and removing corpus documents: file and manifest change together.

Every file is fully loaded and parsed before anything is written, so a bad upload changes
nothing; files and the manifest are written to temporary names and moved into place.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import uuid
from pathlib import Path

import yaml

from assistant.config import Settings
from assistant.errors import DocumentError, NotFoundError
from assistant.ingest.corpus import load_file
from assistant.ingest.loader import doc_id_for
from assistant.ingest.manifest import ManifestEntry, load_manifest
from assistant.model import display_title

_HEADER = """# One entry per document in this folder. Required keys: doc_id (= file stem), file, title,
# short_title (used in citations), kind, number (số hiệu; null = the text carries none),
# issued (YYYY-MM-DD; null = not stated), issuer. Optional: signer, signer_title, related.
"""
UNKNOWN_ISSUER = "không ghi"


def add_files(paths: list[Path], settings: Settings, replace: bool = True) -> list[str]:
    """Copy files into the corpus (replacing a document with the same id); return their ids.

    Order of writes: new file (atomic), then manifest (atomic), then the replaced file's old
    name. A crash in between leaves at worst one file that `load_manifest` names, never a
    half-written file or manifest.
    """
    with corpus_lock(settings):
        entries = {e.doc_id: e for e in load_manifest(settings.corpus_dir, settings.manifest_name)}
        staged: list[tuple[Path, Path, ManifestEntry, ManifestEntry | None]] = []
        for path in map(Path, paths):
            parsed = load_file(path, settings)  # raises DocumentError: nothing written yet
            doc_id = doc_id_for(path)
            if any(s[2].doc_id == doc_id for s in staged):
                raise DocumentError(path, f"has the same document id '{doc_id}' as another file in this upload; rename one.")
            target = settings.corpus_dir / f"{doc_id}{path.suffix.lower()}"
            old = entries.get(doc_id)
            if old is not None and not replace:
                raise DocumentError(path, f"a document with id '{doc_id}' already exists; allow replacing it, or rename the file.")
            title = parsed.document.title
            entry = (
                old.model_copy(update={"file": target.name})
                if old
                else ManifestEntry(doc_id=doc_id, file=target.name, title=title if len(title) >= 5 else f"Tài liệu {doc_id}",
                                   short_title=_short(title, doc_id), kind="Tài liệu", number=None, issued=None,
                                   issuer=UNKNOWN_ISSUER)
            )
            staged.append((path, target, entry, old))
        for path, target, entry, _ in staged:
            if path.resolve() != target.resolve() and not _same_bytes(path, target):
                _atomic_copy(path, target)  # the same upload twice changes nothing
            entries[entry.doc_id] = entry
        new = [entry for _, _, entry, old in staged if old is None]
        changed = [entry for _, _, entry, old in staged if old is not None and old != entry]
        if changed:
            write_manifest(list(entries.values()), settings)
        elif new:
            _append_entries(new, settings)  # hand-written entries stay as written
        for _, target, entry, old in staged:
            if old and old.file != target.name:
                (settings.corpus_dir / old.file).unlink(missing_ok=True)
        return [entry.doc_id for _, _, entry, _ in staged]


def remove_document(doc_id: str, settings: Settings) -> None:
    with corpus_lock(settings):
        entries = load_manifest(settings.corpus_dir, settings.manifest_name)
        entry = next((e for e in entries if e.doc_id == doc_id), None)
        if entry is None:
            raise NotFoundError(f"no document '{doc_id}' in the corpus.")
        write_manifest([e for e in entries if e.doc_id != doc_id], settings)
        (settings.corpus_dir / entry.file).unlink(missing_ok=True)


@contextlib.contextmanager
def corpus_lock(settings: Settings):
    """Serialise corpus changes between processes (two uploads must not lose an entry)."""
    with open(settings.corpus_dir / ".corpus.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_manifest(entries: list[ManifestEntry], settings: Settings) -> None:
    data = {"documents": [e.model_dump(mode="json", exclude_defaults=True) | _required(e) for e in entries]}
    tmp = settings.corpus_dir / f".manifest-{uuid.uuid4().hex}.part"
    tmp.write_text(_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    os.replace(tmp, settings.manifest_path)


def _append_entries(new: list[ManifestEntry], settings: Settings) -> None:
    text = settings.manifest_path.read_text(encoding="utf-8")
    indent = (re.search(r"^([ \t]*)- doc_id:", text, re.MULTILINE) or re.search("^()", "")).group(1)
    block = yaml.safe_dump([e.model_dump(mode="json", exclude_defaults=True) | _required(e) for e in new],
                           allow_unicode=True, sort_keys=False, width=100)
    addition = "".join(indent + line + "\n" for line in block.splitlines())
    updated = text.rstrip("\n") + "\n" + addition
    if "documents:" not in text or yaml.safe_load(updated).get("documents") is None:
        write_manifest(load_manifest(settings.corpus_dir, settings.manifest_name) + new, settings)
        return
    tmp = settings.corpus_dir / f".manifest-{uuid.uuid4().hex}.part"
    tmp.write_text(updated, encoding="utf-8")
    os.replace(tmp, settings.manifest_path)


def _required(e: ManifestEntry) -> dict:
    # number and issued must be present even when null: "không ghi" is a statement.
    return {"number": e.number, "issued": e.issued.isoformat() if e.issued else None}


def _same_bytes(a: Path, b: Path) -> bool:
    return b.is_file() and a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _atomic_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".upload-{uuid.uuid4().hex}.part")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _short(title: str, doc_id: str) -> str:
    title = display_title(" ".join(title.split()))
    if len(title) < 2:
        return doc_id[:60]
    return title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
