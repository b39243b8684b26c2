"""Corpus manifest: who issued each document, when, under which number, and how to cite it.

`corpus/manifest.yaml` holds one entry per file. Every file in corpus/ with a supported
extension must have an entry and every entry must name an existing file; otherwise loading
stops with an error that names the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import ManifestError

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")
DOC_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,78}[a-z0-9]$"
NOT_STATED = "không ghi"


class RelatedDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    doc_id: str | None = Field(default=None, pattern=DOC_ID_PATTERN)


class ManifestEntry(BaseModel):
    """Metadata of one document. `number` and `issued` are required keys whose value may be
    null: a plan without số hiệu must say so explicitly rather than leave it out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(pattern=DOC_ID_PATTERN)
    file: str = Field(min_length=1)
    title: str = Field(min_length=5)
    short_title: str = Field(min_length=2, max_length=60)
    kind: str = Field(min_length=2)
    number: str | None
    issued: dt.date | None
    issuer: str = Field(min_length=2)
    signer: str | None = None
    signer_title: str | None = None
    related: tuple[RelatedDocument, ...] = ()

    @field_validator("file")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if Path(value).name != value:
            raise ValueError("must be a file name inside corpus/, without folders")
        if Path(value).suffix.lower() not in SUPPORTED_EXTENSIONS:
            raise ValueError(f"must end with one of {', '.join(SUPPORTED_EXTENSIONS)}")
        return value

    @property
    def number_display(self) -> str:
        return self.number or NOT_STATED

    @property
    def issued_display(self) -> str:
        return self.issued.strftime("%d/%m/%Y") if self.issued else NOT_STATED


def load_manifest(corpus_dir: Path, manifest_name: str = "manifest.yaml") -> list[ManifestEntry]:
    """Read and validate the manifest against the files actually present in corpus_dir."""
    path = corpus_dir / manifest_name
    if not corpus_dir.is_dir():
        raise ManifestError(f"corpus folder {corpus_dir} does not exist; set ASSISTANT_CORPUS_DIR or create it.")
    if not path.is_file():
        raise ManifestError(f"{path}: manifest is missing; describe each document of {corpus_dir} in it.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        # PyYAML raises a plain ValueError for impossible dates such as 2022-13-45.
        raise ManifestError(f"{path}: not valid UTF-8 YAML ({_first_line(exc)}).") from None
    raw_entries = (data or {}).get("documents") if isinstance(data, dict) else None
    if not isinstance(raw_entries, list):
        raise ManifestError(f"{path}: expected a top-level 'documents:' list.")

    problems: list[str] = []
    entries: list[ManifestEntry] = []
    for i, raw in enumerate(raw_entries):
        label = raw.get("file") or raw.get("doc_id") or f"entry {i + 1}" if isinstance(raw, dict) else f"entry {i + 1}"
        try:
            entries.append(ManifestEntry.model_validate(raw))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "entry"
                problems.append(f"{label}: field '{where}' {err['msg'].lower()}")
    problems.extend(_cross_check(entries, corpus_dir))
    if problems:
        raise ManifestError(f"{path}: " + "; ".join(problems))
    return entries


def _cross_check(entries: list[ManifestEntry], corpus_dir: Path) -> list[str]:
    problems: list[str] = []
    seen_ids: set[str] = set()
    for e in entries:
        if e.doc_id in seen_ids:
            problems.append(f"{e.file}: doc_id '{e.doc_id}' is used twice")
        seen_ids.add(e.doc_id)
        if Path(e.file).stem != e.doc_id:
            problems.append(f"{e.file}: doc_id must be the file stem '{Path(e.file).stem}', not '{e.doc_id}'")
        if not (corpus_dir / e.file).is_file():
            problems.append(f"{e.file}: listed in the manifest but the file is missing from {corpus_dir}")
    listed = {e.file for e in entries}
    for f in sorted(corpus_dir.iterdir()):
        if f.is_file() and f.suffix.lower() in SUPPORTED_EXTENSIONS and f.name not in listed and f.name != "README.md":
            problems.append(f"{f.name}: file has no entry in the manifest; add one (doc_id, title, short_title, ...)")
    return problems


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
