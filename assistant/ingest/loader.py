"""Loading documents (.txt, .md, .pdf, .docx) into clean `Document`s, or a clear error.

Every failure is a `DocumentError` naming the file and saying what to do; nothing half-read
is ever returned, so nothing half-read can be indexed.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import replace
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.config import Settings
from assistant.errors import DocumentError
from assistant.ingest.docx_text import read_docx
from assistant.ingest.flat_tables import inline_flat_tables
from assistant.ingest.header import read_header
from assistant.ingest.manifest import SUPPORTED_EXTENSIONS, ManifestEntry
from assistant.ingest.pdf_text import read_pdf
from assistant.model import Document
from assistant.text.markers import is_structural
from assistant.text.normalize import CleanText, clean_text, fold_diacritics

# UTF-8 text that was once decoded as Windows-1252/Latin-1 and saved again ("Tá»‰nh á»§y").
_MOJIBAKE = re.compile(r"Ã[\x80-\xbf¡-¿]|Ä[\x80-\xbf‘’]|á»|áº|Æ°|Æ¡|Ä‘")
# A text counts as hard-wrapped when this share of its in-paragraph breaks continue a sentence
# in small letters. Measured on evals/corpora (texts with 20+ breaks): wrapped conversions
# 0.26-0.85, texts with real line breaks 0.00; the threshold sits in the gap.
_REFLOW_SHARE = 0.15
_REFLOW_MIN_BREAKS = 20
_RULE = re.compile(r"^[-_=*|#\\ ]{1,}$")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
# CommonMark backslash escapes ("1\.", "\-", "\*" in documents converted to Markdown): the
# character is literal text. It is swapped for a private-use stand-in while the text is cleaned
# (so an escaped "*" never opens emphasis), then restored: one character for one, so no offset
# computed during cleaning moves.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STAND_IN = 0xF0000
_STAND_INS = re.compile("[\U000F0021-\U000F007E]")


def load_document(path: Path, entry: ManifestEntry | None = None, settings: Settings | None = None) -> Document:
    """Load one file. Without a manifest entry, the id and title are derived from the file."""
    settings = settings or Settings()
    path = Path(path)
    clean, fmt, warnings = read_clean_text(path, settings)
    if entry is not None:
        meta = entry.model_dump(mode="json")
        return Document(entry.doc_id, entry.title, entry.short_title, clean.text, str(path), fmt,
                        clean.emphasis, clean.page_starts, meta, tuple(warnings))
    header = read_header(clean.text)
    title = header.title or _guess_title(clean.text) or path.stem
    short = header.short_title or title[:60]
    meta = {"title": title, "short_title": short, **header.manifest_fields()}
    return Document(doc_id_for(path), title, short, clean.text, str(path), fmt,
                    clean.emphasis, clean.page_starts, meta, tuple(warnings))


def read_clean_text(path: Path, settings: Settings) -> tuple[CleanText, str, list[str]]:
    ext = path.suffix.lower()
    if path.is_dir():
        raise DocumentError(path, "is a folder; name the document files inside it.", code="path_is_folder")
    if ext not in SUPPORTED_EXTENSIONS:
        raise DocumentError(path, f"unsupported file type '{ext or '(none)'}'; use one of {', '.join(SUPPORTED_EXTENSIONS)}.", code="unsupported_type")
    if not path.is_file():
        raise DocumentError(path, "file not found.", code="file_not_found")
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(path, "file is empty.", code="file_empty")
    if size > settings.max_file_mb * 1024 * 1024:
        raise DocumentError(
            path, f"file is {size / 1024 / 1024:.0f} MiB, over the {settings.max_file_mb} MiB limit (ASSISTANT_MAX_FILE_MB).", code="file_too_large"
        )
    data = path.read_bytes()
    warnings: list[str] = []
    if ext == ".pdf":
        raw, warnings = read_pdf(data, path)
    elif ext == ".docx":
        raw = read_docx(data, path, settings.max_docx_uncompressed_mb)
    else:
        raw = inline_flat_tables(reflow_hard_wraps(decode_text(data, path)))
        if ext == ".md":
            raw = _MD_ESCAPE.sub(lambda m: chr(_STAND_IN + ord(m.group(1))), _MD_HEADING.sub("", raw))
    # Word flows text across pages itself: only plain text and PDFs carry page-break cuts.
    clean = clean_text(raw, join_cuts=ext != ".docx")
    if ext == ".md":
        clean = replace(clean, text=_STAND_INS.sub(lambda m: chr(ord(m.group(0)) - _STAND_IN), clean.text))
    if not clean.text.strip():
        raise DocumentError(path, "contains no text.", code="no_text")
    return clean, ext.lstrip("."), warnings


def reflow_hard_wraps(raw: str) -> str:
    """Paragraphs of a text converted with a line break every ~80 characters ("- Bảo đảm sự
    lãnh đạo toàn / diện, thống nhất ...", "1. Sở / Khoa học và Công nghệ") become one line each.

    Only for texts that are wrapped that way (most breaks inside a paragraph continue a
    sentence in small letters); a break before a heading, bullet, table row or a line in
    capitals (header blocks, titles) stays. Each joining newline becomes a space, so no offset
    moves and quotes stay the document's own words.
    """
    lines = raw.split("\n")
    breaks = [(i, lines[i + 1].strip()) for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    if len(breaks) < _REFLOW_MIN_BREAKS:
        return raw
    continuing = sum(1 for _, nxt in breaks if nxt[:1].islower())
    if continuing < _REFLOW_SHARE * len(breaks):
        return raw
    out = list(lines)
    joined = []
    for i, nxt in breaks:
        if lines[i].count("**") % 2 and nxt.count("**") % 2 and not nxt.strip().startswith("|"):
            # a bold run cut by the wrap ("**III. LỘ" / "TRÌNH THỰC HIỆN**") is one line
            joined.append(i)
            continue
        here = lines[i].strip().strip("*_ ")
        ahead = nxt.strip("*_ ")
        if (not here or not ahead or _upper(here) or _upper(ahead) or is_structural(ahead) or ahead.startswith("|")
                or here.startswith("|") or lines[i].endswith("  ") or _RULE.match(ahead) or _RULE.match(here)):
            continue
        joined.append(i)
    if not joined:
        return raw
    pieces = []
    for i, line in enumerate(out):
        pieces.append(line)
        pieces.append(" " if i in set(joined) else "\n")
    return "".join(pieces[:-1])


def _upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def decode_text(data: bytes, path: object) -> str:
    """Bytes of a .txt/.md file -> str, refusing anything that is not clean Unicode text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(path, "UTF-16 text is damaged; save it again as UTF-8.", code="utf16_damaged") from None
    if b"\x00" in data[:8192]:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise DocumentError(path, "is a binary file, not text; use .pdf or .docx for those formats.", code="binary_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        encoding = guess_legacy_encoding(data)
        raise DocumentError(
            path,
            f"text is not valid UTF-8 (byte {exc.start}; looks like {encoding}); "
            f"convert it to UTF-8 (e.g. `iconv -f {encoding} -t UTF-8`) and add it again.",
            code="not_utf8",
        ) from None
    if looks_like_mojibake(text):
        raise DocumentError(
            path,
            "text is garbled (UTF-8 that was read as Windows-1252 and saved again, e.g. 'Tá»‰nh'); "
            "export the document again from its original file.",
            code="text_garbled",
        )
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: spaces, digits and unaccented letters leave a
    NUL high byte on one side of each pair."""
    sample = data[: 8192 - 8192 % 2]
    for encoding, high_bytes in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high_bytes.count(0) < len(high_bytes) * 0.3:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(ch.isprintable() or ch in "\n\r\t\f" for ch in text[:2000]):
            return text
    return None


# Vietnamese text that is not UTF-8 is nearly always Windows-1258 (or 1252/Latin-1); short
# samples fool generic detectors into e.g. Big5, whose iconv advice would garble the text.
_VIETNAMESE_MARKS = re.compile(r"[àáâãèéêìíòóôõùúýăđơư\u0300\u0301\u0303\u0309\u0323]", re.IGNORECASE)


def guess_legacy_encoding(data: bytes) -> str:
    try:
        if len(_VIETNAMESE_MARKS.findall(data.decode("cp1258"))) >= 2:
            return "windows-1258"
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data).best()
    return guess.encoding if guess else "an unknown encoding"


def looks_like_mojibake(text: str) -> bool:
    hits = len(_MOJIBAKE.findall(text))
    return hits >= 3 and hits * 200 >= len(text.split())


def doc_id_for(path: Path) -> str:
    """A doc id from a file name: lower-case ASCII, digits, '-', as the manifest requires.

    'Kế hoạch 06.pdf' -> 'ke-hoach-06'; a name with no Latin letters ('报告.txt') gets a
    stable id from its hash so that two such files never share one.
    """
    stem = fold_diacritics(path.stem).lower()
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")[:80].rstrip("-._")
    if len(slug) < 3:
        digest = hashlib.sha256(path.stem.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}".strip("-") if slug else f"doc-{digest}"
    return slug


def _guess_title(text: str) -> str:
    """The first paragraph, for a text whose header names no kind (a note, an excerpt)."""
    head = text.split("\n\n", 1)[0]
    return " ".join(head.split())[:200]
