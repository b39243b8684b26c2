"""Adding, replacing and removing corpus documents: file and manifest change together.

Every file is fully loaded and parsed before anything is written, so a bad upload changes
nothing; files and the manifest are replaced atomically (assistant/files.py), and the manifest
is edited in place, so hand-written comments and entries survive (ingest/manifest.py).
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import DocumentError, ManifestError, NotFoundError
from assistant.files import atomic_save, exclusive
from assistant.ingest.corpus import load_file
from assistant.ingest.loader import doc_id_for
from assistant.ingest.manifest import ManifestEntry, load_manifest, save_manifest
from assistant.model import display_title

UNKNOWN_ISSUER = "không ghi"
UNKNOWN_KIND = "Tài liệu"


# Manifest fields a person may set or correct (on upload, in the app, with `assistant meta`).
EDITABLE = ("title", "short_title", "kind", "number", "issued", "issuer", "signer", "signer_title")


def detected_entry(path: Path, settings: Settings, doc_id: str | None = None) -> ManifestEntry:
    """The manifest entry a file would get: every field its header and closing carry
    (ingest/header.py), "không ghi"/None for what they do not; nothing is guessed."""
    parsed = load_file(path, settings)  # raises DocumentError
    meta = parsed.document.meta or {}
    doc_id = doc_id or doc_id_for(path)
    title = parsed.document.title
    return ManifestEntry(
        doc_id=doc_id, file=f"{doc_id}{Path(path).suffix.lower()}",
        title=title if len(title) >= 5 else f"Tài liệu {doc_id}",
        short_title=_short(meta.get("short_title") or title, doc_id),
        kind=meta.get("kind") or UNKNOWN_KIND, number=meta.get("number"), issued=meta.get("issued"),
        issuer=meta.get("issuer") or UNKNOWN_ISSUER, signer=meta.get("signer"), signer_title=meta.get("signer_title"))


def corrected(entry: ManifestEntry, changes: dict | None) -> ManifestEntry:
    """The entry with a person's corrections: blank means "không ghi" (None) for optional
    fields; a bad value is a ManifestError naming the field."""
    if not changes:
        return entry
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ManifestError(f"{entry.doc_id}: fields {sorted(unknown)} cannot be edited; use {', '.join(EDITABLE)}.",
                            code="manifest_field")
    data = entry.model_dump()
    for name, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if value in ("", None, UNKNOWN_ISSUER):
            value = {"issuer": UNKNOWN_ISSUER, "kind": UNKNOWN_KIND}.get(name, None if name not in ("title", "short_title") else data[name])
        data[name] = value
    try:
        return ManifestEntry.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ManifestError(f"{entry.doc_id}: {'.'.join(map(str, first['loc']))}: {first['msg']}.", code="manifest_field") from None


def update_entry(doc_id: str, settings: Settings, changes: dict) -> ManifestEntry:
    """Correct a document's metadata in the manifest (the rest of the file is kept as written)."""
    with corpus_lock(settings):
        entries = load_manifest(settings.corpus_dir, settings.manifest_name)
        old = next((e for e in entries if e.doc_id == doc_id), None)
        if old is None:
            raise NotFoundError(f"no document '{doc_id}' in the corpus.", code="document_not_found")
        new = corrected(old, changes)
        if new != old:
            write_manifest([new if e.doc_id == doc_id else e for e in entries], settings)
        return new


def add_files(paths: list[Path], settings: Settings, replace: bool = True, metadata: dict[str, dict] | None = None) -> list[str]:
    """Copy files into the corpus (replacing a document with the same id); return their ids.
    A new document's entry is read from its header (`detected_entry`), then `metadata[file
    name]` corrections apply; a replaced document keeps its entry unless corrected.

    Order of writes: new file (atomic), then manifest (atomic), then the replaced file's old
    name. A crash in between leaves at worst one file that `load_manifest` names, never a
    half-written file or manifest.
    """
    with corpus_lock(settings):
        entries = {e.doc_id: e for e in load_manifest(settings.corpus_dir, settings.manifest_name)}
        staged: list[tuple[Path, Path, ManifestEntry, ManifestEntry | None]] = []
        for path in map(Path, paths):
            detected = detected_entry(path, settings)  # raises DocumentError: nothing written yet
            doc_id = detected.doc_id
            if any(s[2].doc_id == doc_id for s in staged):
                raise DocumentError(path, f"has the same document id '{doc_id}' as another file in this upload; rename one.",
                                    code="duplicate_in_upload")
            target = settings.corpus_dir / f"{doc_id}{path.suffix.lower()}"
            old = entries.get(doc_id)
            if old is not None and not replace:
                raise DocumentError(path, f"a document with id '{doc_id}' already exists; allow replacing it, or rename the file.",
                                    code="document_exists")
            base = old.model_copy(update={"file": target.name}) if old else detected
            entry = corrected(base, (metadata or {}).get(path.name))
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
