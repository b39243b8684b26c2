"""PDF text layer -> raw text with paragraphs rebuilt and a form feed between pages.

pypdf returns one line per printed line, so paragraphs (which the section parser needs) are
rebuilt here from line lengths: a line clearly shorter than the page's full lines ends its
paragraph, and a heading or bullet always starts a new one. No library does this for us.
"""

from __future__ import annotations

import io
import logging
import re
import statistics

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError, PyPdfError

from assistant.errors import DocumentError
from assistant.text.markers import is_structural, match_heading
from assistant.text.normalize import PAGE_BREAK, TERMINAL_PUNCTUATION

# A line shorter than this share of a full line is the last line of its paragraph.
_SHORT_LINE_RATIO = 0.8
_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?$", re.IGNORECASE)

log = logging.getLogger(__name__)


def read_pdf(data: bytes, path: object) -> tuple[str, list[str]]:
    """Return (raw text with form feeds between pages, warnings)."""
    if not data.lstrip()[:8].startswith(b"%PDF-"):
        raise DocumentError(path, "is not a PDF file (no %PDF header); check that the file is not damaged or mis-named.", code="pdf_not_pdf")
    if b"%%EOF" not in data[-4096:]:
        raise DocumentError(path, "PDF file is truncated (no end-of-file marker); copy or download the complete file again.", code="pdf_truncated")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _try_open_without_password(reader):
            raise DocumentError(
                path, "PDF is password-protected; save an unprotected copy (e.g. `qpdf --decrypt`) and add that instead.", code="pdf_encrypted"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            RuntimeError, OSError, ZeroDivisionError, MemoryError) as exc:
        # pypdf signals damaged input with many exception types (LimitReachedError for
        # oversized streams, RuntimeError subclasses for exotic filters and deep recursion...):
        # all mean "unreadable".
        raise DocumentError(path, f"PDF is damaged and cannot be read ({type(exc).__name__}); export it again from the source.", code="pdf_damaged") from None
    if not pages:
        raise DocumentError(path, "PDF has no pages.", code="pdf_no_pages")
    empty = [i + 1 for i, p in enumerate(pages) if not p.strip()]
    if len(empty) == len(pages):
        raise DocumentError(
            path, "PDF has no text layer (scanned images only); run OCR on it (e.g. `ocrmypdf`) and add the result.", code="pdf_no_text"
        )
    warnings = []
    if empty:
        warnings.append(f"pages without a text layer (not indexed, OCR needed): {', '.join(map(str, empty))}")
    return reflow_pages(pages), warnings


def _try_open_without_password(reader: PdfReader) -> bool:
    # Many official PDFs carry only an owner password (printing/editing limits) and open
    # with an empty user password; those are readable and accepted.
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, RuntimeError, PdfReadError, ValueError, KeyError, TypeError):  # RuntimeError: unsupported algorithms
        return False


def reflow_pages(pages: list[str]) -> str:
    """Rebuild paragraphs inside each page and join pages with a form feed."""
    page_lines = [_strip_page_furniture([ln.strip() for ln in p.splitlines()]) for p in pages]
    lengths = [len(ln) for lines in page_lines for ln in lines if len(ln) > 20]
    full = statistics.quantiles(lengths, n=10)[-1] if len(lengths) >= 10 else max(lengths, default=80)
    short_limit = full * _SHORT_LINE_RATIO

    out: list[str] = []
    last_line_len = 0  # length of the printed line that ended out[-1]
    pending = ""  # page breaks of pages that had no text, so later page numbers stay right
    for number, lines in enumerate(page_lines):
        paragraphs = _paragraphs(lines, short_limit)
        if not paragraphs:
            pending += PAGE_BREAK if number else ""
            continue
        first = paragraphs[0]
        breaks = pending + (PAGE_BREAK if number else "")
        pending = ""
        if out and len(breaks) == 1 and _continues(out[-1], last_line_len, first, short_limit):
            # The previous page ended on a full line mid-sentence: the paragraph runs on.
            out[-1] = out[-1] + " " + breaks + first
        else:
            out.append(breaks + first)
        out.extend(paragraphs[1:])
        last_line_len = len(lines[-1])
    return "\n\n".join(out)


def _strip_page_furniture(lines: list[str]) -> list[str]:
    lines = [ln for ln in lines if ln]
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def _paragraphs(lines: list[str], short_limit: float) -> list[str]:
    """Group printed lines into paragraphs.

    A heading always starts a paragraph. Otherwise a new paragraph starts after a short line
    (unless the next line starts in lower case: the wrap simply fell early), or at a bullet
    after closing punctuation. A full line without closing punctuation runs on, even into
    "- Sơn La": a dash that wrapped to the start of a line is not a bullet.
    """
    paragraphs: list[list[str]] = []
    prev = ""
    for line in lines:
        prev_short = len(prev) < short_limit
        ends_sentence = prev.endswith(tuple(TERMINAL_PUNCTUATION))
        structural = is_structural(line)
        starts_lower = line[:1].islower()
        if not paragraphs:
            new = True
        elif match_heading(line):
            # A heading follows a finished line; "IV. Đồng thời..." after a full line that
            # ends mid-sentence is the sentence wrapping, not part IV.
            new = prev_short or ends_sentence or bool(match_heading(prev))
        elif prev_short:
            new = structural or not starts_lower
        else:
            new = structural and ends_sentence
        if new:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
        prev = line
    return [" ".join(p) for p in paragraphs]


def _continues(prev_paragraph: str, last_line_len: int, next_paragraph: str, short_limit: float) -> bool:
    return (
        last_line_len >= short_limit
        and not is_structural(next_paragraph.split("\n", 1)[0])
        and not prev_paragraph.rstrip().endswith(tuple(TERMINAL_PUNCTUATION))
    )
