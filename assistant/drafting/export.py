"""Drafts as files: Markdown with real footnotes ([^n]) and .docx in the layout of
administrative documents (Times New Roman, A4 margins of Nghị định 30/2020, numbered headings),
superscript [n] markers and the source list closing the document.

python-docx has no footnote API, so sources are endnote-style references, which the drafting
issue allows; the markers and the list use the same numbers as the draft's JSON.
"""

from __future__ import annotations

from pathlib import Path

from assistant.errors import AssistantError
from assistant.files import atomic_save
from assistant.model import MARKER, Draft

FONT = "Times New Roman"  # the font of Vietnamese administrative documents; renders every Vietnamese letter
BODY_PT = 13
TITLE_PT = 14
EXPORT_SUFFIXES = (".docx", ".md")


class ExportError(AssistantError):
    exit_code = 2
    code = "export_failed"


def to_markdown(draft: Draft) -> str:
    lines: list[str] = []
    for b in draft.blocks:
        text = MARKER.sub(lambda m: f"[^{m[1]}]", b.text)
        label = f"{b.label} " if b.label else ""
        if b.kind == "title":
            lines += [f"# {text}", ""]
        elif b.kind == "subtitle":
            lines += [f"*{text}*", ""]
        elif b.kind == "heading":
            lines += [f"## {label}{text}", ""]
        elif b.kind == "subheading":
            lines += [f"### {label}{text}", ""]
        elif b.kind == "bullet":
            lines.append(f"- {text}")
        elif b.kind in ("question", "answer"):
            lines += [f"**{b.label}** {text}", ""]
        else:
            lines += [f"{label}{text}", ""]
    if draft.footnotes:
        lines += ["", "---", "", f"**{draft.footnotes_heading}**", ""]
        lines += [f"[^{f.n}]: {f.label}: “{f.quote}”" for f in draft.footnotes]
    return "\n".join(_blank_after_lists(lines)).rstrip() + "\n"


def _blank_after_lists(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and out[-1].startswith("- ") and line and not line.startswith("- "):
            out.append("")
        out.append(line)
    return out


def write_docx(draft: Draft, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2"):
        _set_font(doc.styles[style_name], RGBColor(0, 0, 0))
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    doc.core_properties.title = draft.title
    doc.core_properties.subject = draft.topic
    doc.core_properties.keywords = draft.kind

    for b in draft.blocks:
        if b.kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(b.text.upper() if draft.kind != "tin-bai" else b.text)
            run.bold = True
            run.font.size = Pt(TITLE_PT)
        elif b.kind == "subtitle":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(b.text).italic = True
        elif b.kind in ("heading", "subheading"):
            p = doc.add_heading(level=1 if b.kind == "heading" else 2)
            _runs(p, f"{b.label} {b.text}".strip(), size=BODY_PT)
        else:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.0)
            if b.label:
                p.add_run(b.label + " ").bold = b.kind in ("question", "answer")
            _runs(p, ("- " if b.kind == "bullet" else "") + b.text, italic=b.kind == "question")
    if draft.footnotes:
        heading = doc.add_heading(level=1)
        _runs(heading, draft.footnotes_heading, size=BODY_PT)
        for f in draft.footnotes:
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.75)
            p.paragraph_format.first_line_indent = Cm(-0.75)
            marker = p.add_run(f"[{f.n}]")
            marker.font.superscript = True
            p.add_run(f" {f.label}: ").bold = True
            p.add_run(f"“{f.quote}”").italic = True
    return _save_atomically(path, doc.save)


def write_markdown(draft: Draft, path: Path) -> Path:
    text = to_markdown(draft)
    return _save_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def export(draft: Draft, path: Path) -> Path:
    """Write the draft as .docx or .md, chosen by the file's suffix."""
    path = Path(path)
    if draft.refused:
        raise ExportError("nothing to export: the documents do not cover this topic.", code="nothing_to_export")
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ExportError(f"cannot export to '{path.name}': use a .docx or .md file name.", code="export_type_unsupported")
    return write_docx(draft, path) if suffix == ".docx" else write_markdown(draft, path)


def _runs(paragraph, text: str, italic: bool = False, size: int | None = None) -> None:
    """Text with its [n] markers as superscript runs."""
    from docx.shared import Pt

    pos = 0
    for m in MARKER.finditer(text):
        _add(paragraph, text[pos : m.start()].rstrip(" "), italic, size)
        marker = paragraph.add_run(m.group(0))
        marker.font.superscript = True
        pos = m.end()
    _add(paragraph, text[pos:], italic, size)
    if size:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def _add(paragraph, text: str, italic: bool, size: int | None) -> None:
    if text:
        run = paragraph.add_run(text)
        run.italic = italic or None


def _set_font(style, color) -> None:
    """Latin, East Asian and complex-script slots all set: Word picks the slot by character, and
    a slot left to the theme can render Vietnamese letters in another font."""
    from docx.oxml.ns import qn

    style.font.name = FONT
    style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _save_atomically(path: Path, save) -> Path:
    """Write next to the target, then rename: an interrupted export never leaves half a file.
    The file gets the permissions of any new file (0644 under the usual umask): an exported
    draft is for sharing, and a stricter umask chosen by the administrator is honoured."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise ExportError(f"folder '{path.parent}' does not exist; create it or choose another --out.",
                          code="export_folder_missing")
    if path.is_dir():
        raise ExportError(f"'{path}' is a folder; give a file name such as {path / 'de-cuong.docx'}.",
                          code="export_path_is_folder")
    try:
        return atomic_save(path, save)
    except OSError as exc:
        raise ExportError(f"cannot write '{path}': {exc.strerror or exc}.", code="export_write_failed") from None
