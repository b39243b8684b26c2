"""Adding, replacing and removing corpus documents: file and manifest change together.

Every file is fully loaded and parsed before anything is written, so a bad upload changes
nothing; files and the manifest are written to temporary names and moved into place.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import yaml

from .config import Settings
from .corpus import load_file
from .documents import doc_id_for
from .errors import NotFoundError
from .manifest import ManifestEntry, load_manifest

_HEADER = """# One entry per document in this folder. Required keys: doc_id (= file stem), file, title,
# short_title (used in citations), kind, number (số hiệu; null = the text carries none),
# issued (YYYY-MM-DD; null = not stated), issuer. Optional: signer, signer_title, related.
"""
UNKNOWN_ISSUER = "không rõ"


def add_files(paths: list[Path], settings: Settings) -> list[str]:
    """Copy files into the corpus (replacing a document with the same id); return their ids."""
    entries = {e.doc_id: e for e in load_manifest(settings.corpus_dir, settings.manifest_name)}
    staged = []
    for path in paths:
        parsed = load_file(Path(path), settings)  # raises DocumentError: nothing written yet
        doc_id = doc_id_for(Path(path))
        staged.append((Path(path), doc_id, parsed))
    for path, doc_id, parsed in staged:
        target = settings.corpus_dir / f"{doc_id}{path.suffix.lower()}"
        if path.resolve() != target.resolve():
            _atomic_copy(path, target)
        old = entries.get(doc_id)
        if old and old.file != target.name:
            (settings.corpus_dir / old.file).unlink(missing_ok=True)
        title = parsed.document.title
        entries[doc_id] = (
            old.model_copy(update={"file": target.name})
            if old
            else ManifestEntry(doc_id=doc_id, file=target.name, title=title if len(title) >= 5 else f"Tài liệu {doc_id}",
                               short_title=_short(title, doc_id), kind="Tài liệu", number=None, issued=None,
                               issuer=UNKNOWN_ISSUER)
        )
    write_manifest(list(entries.values()), settings)
    return [doc_id for _, doc_id, _ in staged]


def remove_document(doc_id: str, settings: Settings) -> None:
    entries = load_manifest(settings.corpus_dir, settings.manifest_name)
    entry = next((e for e in entries if e.doc_id == doc_id), None)
    if entry is None:
        raise NotFoundError(f"no document '{doc_id}' in the corpus.")
    write_manifest([e for e in entries if e.doc_id != doc_id], settings)
    (settings.corpus_dir / entry.file).unlink(missing_ok=True)


def write_manifest(entries: list[ManifestEntry], settings: Settings) -> None:
    data = {"documents": [e.model_dump(mode="json", exclude_defaults=True) | _required(e) for e in entries]}
    tmp = settings.corpus_dir / f".manifest-{uuid.uuid4().hex}.part"
    tmp.write_text(_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    os.replace(tmp, settings.manifest_path)


def _required(e: ManifestEntry) -> dict:
    # number and issued must be present even when null: "không ghi" is a statement.
    return {"number": e.number, "issued": e.issued.isoformat() if e.issued else None}


def _atomic_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".upload-{uuid.uuid4().hex}.part")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _short(title: str, doc_id: str) -> str:
    title = " ".join(title.split())
    if len(title) < 2:
        return doc_id[:60]
    return title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
