"""Adding, replacing and removing corpus documents: file and manifest change together.

Every file is fully loaded and parsed before anything is written, so a bad upload changes
nothing; files and the manifest are replaced atomically (assistant/files.py), and the manifest
is edited in place, so hand-written comments and entries survive (ingest/manifest.py).
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from assistant.config import Settings
from assistant.errors import DocumentError, NotFoundError
from assistant.files import atomic_save, exclusive
from assistant.ingest.corpus import load_file
from assistant.ingest.loader import doc_id_for
from assistant.ingest.manifest import ManifestEntry, load_manifest, save_manifest
from assistant.model import display_title

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
                raise DocumentError(path, f"has the same document id '{doc_id}' as another file in this upload; rename one.",
                                    code="duplicate_in_upload")
            target = settings.corpus_dir / f"{doc_id}{path.suffix.lower()}"
            old = entries.get(doc_id)
            if old is not None and not replace:
                raise DocumentError(path, f"a document with id '{doc_id}' already exists; allow replacing it, or rename the file.",
                                    code="document_exists")
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
            if path.resolve() != target.resolve() and not _same_bytes(path, target):  # the same upload twice changes nothing
                atomic_save(target, lambda tmp, source=path: shutil.copyfile(source, tmp))
            entries[entry.doc_id] = entry
        if any(old != entry for _, _, entry, old in staged):
            write_manifest(list(entries.values()), settings)
        for _, target, entry, old in staged:
            if old and old.file != target.name:
                (settings.corpus_dir / old.file).unlink(missing_ok=True)
        return [entry.doc_id for _, _, entry, _ in staged]


def remove_document(doc_id: str, settings: Settings) -> None:
    with corpus_lock(settings):
        entries = load_manifest(settings.corpus_dir, settings.manifest_name)
        entry = next((e for e in entries if e.doc_id == doc_id), None)
        if entry is None:
            raise NotFoundError(f"no document '{doc_id}' in the corpus.", code="document_not_found")
        write_manifest([e for e in entries if e.doc_id != doc_id], settings)
        (settings.corpus_dir / entry.file).unlink(missing_ok=True)


@contextlib.contextmanager
def corpus_lock(settings: Settings):
    """Serialise corpus changes between processes and threads (two uploads must not lose an entry)."""
    with exclusive(settings.corpus_dir / ".corpus.lock"):
        yield


def write_manifest(entries: list[ManifestEntry], settings: Settings) -> None:
    """The manifest lists exactly `entries`; hand-written text of the others stays (save_manifest)."""
    save_manifest(entries, settings.corpus_dir, settings.manifest_name)


def _same_bytes(a: Path, b: Path) -> bool:
    return b.is_file() and a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _short(title: str, doc_id: str) -> str:
    title = display_title(" ".join(title.split()))
    if len(title) < 2:
        return doc_id[:60]
    return title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
