"""DOCX -> raw text with Word's automatic list numbers written out and emphasis kept.

python-docx exposes paragraphs but not the numbers Word draws in front of numbered lists
("II-", "1.", "2.1."), and Vietnamese plans use exactly those numbers as section ids, so the
numbering definitions are rendered here. Italic and bold runs are wrapped in markdown
markers so that normalisation records them as emphasis (italics mark deadlines in plans).
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from assistant.errors import DocumentError
from assistant.text.markers import to_roman

_FORMATTERS = {
    "decimal": str,
    "upperRoman": to_roman,
    "lowerRoman": lambda n: to_roman(n).lower(),
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerLetter": lambda n: _letter(n),
    "decimalZero": lambda n: f"{n:02d}",
}


def read_docx(data: bytes, path: object, max_uncompressed_mb: int) -> str:
    _check_package(data, path, max_uncompressed_mb)
    try:
        doc = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, AttributeError, TypeError, OSError) as exc:
        raise DocumentError(path, f"DOCX is damaged and cannot be read ({type(exc).__name__}); save it again from Word.", code="docx_damaged") from None
    except Exception as exc:  # lxml raises its own XMLSyntaxError for broken XML parts
        if type(exc).__name__ == "XMLSyntaxError":
            raise DocumentError(path, "DOCX contains broken XML; save it again from Word.", code="docx_damaged") from None
        raise
    try:
        numbering = _Numbering(doc)
        blocks: list[str] = []
        for element in doc.element.body.iterchildren():
            if element.tag == qn("w:p"):
                _append(blocks, _paragraph_text(element, numbering))
            elif element.tag == qn("w:tbl"):
                for para in element.iter(qn("w:p")):
                    _append(blocks, _paragraph_text(para, numbering))
    except (ValueError, AttributeError, KeyError, TypeError, IndexError, RecursionError) as exc:
        raise DocumentError(
            path,
            f"DOCX has an unexpected structure ({type(exc).__name__}); save it again from Word as a normal .docx "
            "(not 'Strict Open XML').",
            code="docx_unsupported_structure",
        ) from None
    return "\n\n".join(blocks)


def _append(blocks: list[str], text: str) -> None:
    if text.strip():
        blocks.append(text.strip())


def _check_package(data: bytes, path: object, max_uncompressed_mb: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise DocumentError(path, "is not a valid DOCX file (not a ZIP package); save it again as .docx from Word.", code="docx_not_zip") from None
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed_mb * 1024 * 1024:
        raise DocumentError(
            path,
            f"DOCX expands to {total // (1024 * 1024)} MiB (limit {max_uncompressed_mb} MiB); "
            "it is either a zip bomb or needs ASSISTANT_MAX_DOCX_UNCOMPRESSED_MB raised.",
            code="docx_too_large",
        )
    if "word/document.xml" not in {i.filename for i in infos}:
        raise DocumentError(path, "is a ZIP file but not a Word document (no word/document.xml).", code="docx_not_word")


def _paragraph_text(p, numbering: "_Numbering") -> str:
    prefix = numbering.label(p)
    runs: list[tuple[str, bool, bool]] = []
    for r in p.iter(qn("w:r")):
        text = "".join(
            (t.text or "") if t.tag == qn("w:t") else "\t" if t.tag == qn("w:tab") else "\n" if t.tag == qn("w:br") else ""
            for t in r
        )
        if text:
            rpr = r.find(qn("w:rPr"))
            runs.append((text, _flag(rpr, "w:b"), _flag(rpr, "w:i")))
    body = _with_emphasis(runs)
    return f"{prefix} {body}".strip() if prefix else body


def _flag(rpr, tag: str) -> bool:
    if rpr is None:
        return False
    el = rpr.find(qn(tag))
    return el is not None and el.get(qn("w:val")) not in ("0", "false", "off")


def _with_emphasis(runs: list[tuple[str, bool, bool]]) -> str:
    """Merge runs of equal formatting and mark italic/bold groups the markdown way."""
    groups: list[list] = []
    for text, bold, italic in runs:
        if groups and groups[-1][1:] == [bold, italic]:
            groups[-1][0] += text
        else:
            groups.append([text, bold, italic])
    out = []
    whole_bold = all(b for _, b, _ in groups) if groups else False
    for text, bold, italic in groups:
        mark = ("*" if italic else "") + ("**" if bold and not whole_bold else "")
        core = text.strip()
        if mark and core:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{lead}{mark}{core}{mark[::-1]}{trail}")
        else:
            out.append(text)
    return "".join(out)


class _Numbering:
    """Counters for Word list numbering (w:numPr), rendered with each level's lvlText."""

    def __init__(self, doc) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numpr: dict[str, tuple[str, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (RuntimeError, KeyError, AttributeError):  # python-docx: a document without a numbering part
            root = None
        if root is not None:
            abstract = {a.get(qn("w:abstractNumId")): a for a in root.iter(qn("w:abstractNum"))}
            for num in root.iter(qn("w:num")):
                ref = num.find(qn("w:abstractNumId"))
                a = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
                if a is None:
                    continue
                levels = {}
                for lvl in a.iter(qn("w:lvl")):
                    levels[_clamped_int(lvl.get(qn("w:ilvl")), default=0, high=8)] = (
                        _val(lvl, "w:numFmt", "decimal"),
                        _val(lvl, "w:lvlText", "%1."),
                        _clamped_int(_val(lvl, "w:start", "1"), default=1),
                    )
                self._levels[num.get(qn("w:numId"))] = levels
        for style in doc.styles.element.iter(qn("w:style")):
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                self._style_numpr[style.get(qn("w:styleId"))] = _numpr(numpr)

    def label(self, p) -> str:
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is not None:
            num_id, ilvl = _numpr(numpr)
        else:
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            found = self._style_numpr.get(style.get(qn("w:val"))) if style is not None else None
            if not found:
                return ""
            num_id, ilvl = found
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        fmt, _, start = levels[ilvl]
        counters[ilvl] = min(counters.get(ilvl, start - 1) + 1, 100_000)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            lfmt, _, lstart = levels.get(k, ("decimal", "", 1))
            value = counters.get(k, lstart)
            text = text.replace(f"%{k + 1}", _FORMATTERS.get(lfmt, str)(value))
        return text


def _numpr(numpr) -> tuple[str, int]:
    num = numpr.find(qn("w:numId"))
    lvl = numpr.find(qn("w:ilvl"))
    return (num.get(qn("w:val")) if num is not None else "", _clamped_int(lvl.get(qn("w:val")), default=0, high=8) if lvl is not None else 0)


def _clamped_int(raw: str | None, default: int, high: int = 10_000) -> int:
    """Numbering attributes are untrusted: a start of 10^12 must not render a 10^9-char label."""
    try:
        return min(max(int(raw), 0), high)
    except (TypeError, ValueError):
        return default


def _val(el, tag: str, default: str) -> str:
    child = el.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out
