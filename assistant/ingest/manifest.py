"""Corpus manifest: who issued each document, when, under which number, and how to cite it.

`corpus/manifest.yaml` holds one entry per file. Every file in corpus/ with a supported
extension must have an entry and every entry must name an existing file; otherwise loading
stops with an error that names the file.

People edit the manifest by hand, so `save_manifest` edits it as a document (ruamel.yaml
round trip): entries that did not change keep their text, quoting and comments; only the
entries added, changed or removed are touched.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import ManifestError
from assistant.files import atomic_write

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")
DOC_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,78}[a-z0-9]$"
NOT_STATED = "không ghi"


# Notes about a corpus folder, never documents of it (a library's README and its list of sources).
DOCUMENTATION_FILES = frozenset({"README.MD", "SOURCES.MD"})


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
        raise ManifestError(f"corpus folder {corpus_dir} does not exist; set ASSISTANT_CORPUS_DIR or create it.",
                            code="corpus_missing")
    if not path.is_file():
        raise ManifestError(f"{path}: manifest is missing; describe each document of {corpus_dir} in it.",
                            code="manifest_missing")
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
        if f.is_file() and f.suffix.lower() in SUPPORTED_EXTENSIONS and f.name not in listed and f.name.upper() not in DOCUMENTATION_FILES:
            problems.append(f"{f.name}: file has no entry in the manifest; add one (doc_id, title, short_title, ...)")
    return problems


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- writing -------------------------------------------------------------------------------
HEADER = """# One entry per document in this folder. Required keys: doc_id (= file stem), file, title,
# short_title (used in citations), kind, number (số hiệu; null = the text carries none),
# issued (YYYY-MM-DD; null = not stated), issuer. Optional: signer, signer_title, related.
"""


def save_manifest(entries: list[ManifestEntry], corpus_dir: Path, manifest_name: str = "manifest.yaml") -> None:
    """Make the manifest list exactly `entries`, editing the file in place.

    Entries already in the file keep their place and, unchanged, their text; a changed entry
    gets the new values of its changed keys only; new entries are appended in the given order;
    removed entries go with their own comments (the lines directly above them and at their line
    ends), every other comment stays. (Reordering is not offered: comments would not follow.)
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path = corpus_dir / manifest_name
    rt = _round_trip()
    doc = rt.load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not isinstance(doc, CommentedMap):  # new (or emptied by hand): start from the documented header
        doc = rt.load(HEADER + "documents:\n")
    seq = doc.get("documents")
    if not isinstance(seq, CommentedSeq):
        seq = doc["documents"] = CommentedSeq()

    wanted = {e.doc_id: e for e in entries}
    for i in reversed(range(len(seq))):
        if not isinstance(seq[i], dict) or seq[i].get("doc_id") not in wanted:
            _remove_item(doc, "documents", i)
    position = {item.get("doc_id"): item for item in seq}
    for e in entries:
        data = _entry_data(e)
        item = position.get(e.doc_id)
        if item is None:
            _append_item(seq, _commented(data))
        elif not _same_entry(item, e):
            for key in [k for k in item if k not in data]:
                del item[key]
            for key, value in data.items():
                if _plain(item.get(key)) != value:
                    item[key] = _commented(value)

    if seq:
        seq.fa.set_block_style()  # a list emptied earlier was written `[]`: new items go one per line
    else:
        # ruamel writes an emptied list that had comments above it as a bare `[]` line that no
        # YAML parser accepts; a fresh list is written `[]` in place, which is valid.
        doc["documents"] = CommentedSeq()
    out = io.StringIO()
    rt.dump(doc, out)
    atomic_write(path, out.getvalue())


def _round_trip():
    from ruamel.yaml import YAML

    rt = YAML()  # round-trip mode: comments, key order, quoting and block scalars survive
    rt.indent(mapping=2, sequence=4, offset=2)  # "  - doc_id: ...", the layout of the hand-written file
    rt.width = 4096  # never re-wrap a long title that was written on one line
    rt.preserve_quotes = True
    # "number: null" says "the text has no số hiệu"; ruamel's default would write "number:".
    rt.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return rt


def _entry_data(e: ManifestEntry) -> dict:
    data = e.model_dump(mode="json", exclude_defaults=True)
    # number and issued are written even when null ("không ghi" is a statement); a date as a
    # date, so that it is written unquoted like the hand-written ones.
    data["number"], data["issued"] = e.number, e.issued
    return data


def _same_entry(item, entry: ManifestEntry) -> bool:
    try:
        return ManifestEntry.model_validate(_plain(item)) == entry
    except ValidationError:  # a hand edit that does not validate yet: the new values replace it
        return False


def _commented(node):
    """Plain dicts and lists as ruamel's containers, so that comments can attach to them."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, dict):
        return CommentedMap((k, _commented(v)) for k, v in node.items())
    if isinstance(node, list):
        return CommentedSeq(_commented(v) for v in node)
    return node


def _plain(node):
    """ruamel's commented containers as plain dicts and lists, for comparison and validation."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return str(node) if isinstance(node, str) else node


# ruamel keeps the comment lines above an item as the end-of-line comment of the previous
# item's last scalar (for the first item: the list's own start comment). These helpers move
# such lines so that they stay with the item they stand above.

def _tail_slot(node):
    """(comment table, key, index) of the comment after node's last scalar, or None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and node:
            key, index = list(node)[-1], 2
        elif isinstance(node, CommentedSeq) and node:
            key, index = len(node) - 1, 0
        else:
            return None
        child = node[key]
        if isinstance(child, (CommentedMap, CommentedSeq)) and child:
            node = child
            continue
        return node.ca.items, key, index


def _take_tail(node) -> tuple[str, str, object]:
    """Split the comment after node's last scalar into (its own end-of-line comment, the lines
    below it, the token), and clear it from the node."""
    slot = _tail_slot(node)
    if slot is None:
        return "", "", None
    table, key, index = slot
    entry = table.get(key)
    token = entry[index] if entry and len(entry) > index else None
    if token is None:
        return "", "", None
    entry[index] = None
    eol, _, below = token.value.partition("\n")
    return eol, below, token


def _put_tail(node, eol: str, below: str, token) -> None:
    slot = _tail_slot(node)
    if slot is None or token is None or not (eol or below):
        return
    table, key, index = slot
    entry = table.setdefault(key, [None, None, None, None] if index == 2 else [None, None])
    token.value = eol + "\n" + below
    entry[index] = token


def _remove_item(doc, key: str, i: int) -> None:
    """Delete doc[key][i] with its own comments; the lines below it (which stand above the next
    item, or close the file) move to where the lines above it were."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    seq = doc[key]
    _, below, token = _take_tail(seq[i])
    del seq[i]
    if i > 0:
        eol, _, previous = _take_tail(seq[i - 1])  # the lines above the removed item go
        _put_tail(seq[i - 1], eol, below, previous or token)
        return
    # The lines above the first item hang off the key that holds the list ("documents:").
    lines = [line for line in below.splitlines() if line.strip()]
    tokens = [CommentToken(line.strip() + "\n", CommentMark(len(line) - len(line.lstrip()))) for line in lines]
    doc.ca.items.setdefault(key, [None, None, None, None])[3] = tokens or None
    seq.ca.comment = [None, tokens] if tokens else None


def _append_item(seq, item) -> None:
    """Append after the last item; comment lines that closed the list stay at its end."""
    if seq:
        eol, below, token = _take_tail(seq[-1])
        _put_tail(seq[-1], eol, "", token)
        seq.append(item)
        _put_tail(item, "", below, token if not eol else _copy(token))
    else:
        seq.append(item)


def _copy(token):
    from copy import copy

    return copy(token) if token is not None else None
