"""A citation shown in its place: the document's metadata, the breadcrumb, and the section's
text with the quoted words highlighted. HTML-escaped: documents are data, never markup."""

from __future__ import annotations

from html import escape

from assistant.ingest.manifest import NOT_STATED

_STYLE = (
    "<style>.src-doc{font-weight:600}.src-meta{color:#555;font-size:.9em;margin:.2em 0 .6em}"
    ".src-crumb{color:#1d4ed8;font-size:.9em;margin-bottom:.4em}"
    ".src-text{white-space:pre-wrap;line-height:1.5;border-left:3px solid #ddd;padding-left:.8em}"
    ".src-text mark{background:#fde68a;padding:0 .1em}</style>"
)
EMPTY = "<div class='src-empty'>Chọn một nguồn trích dẫn để xem đoạn văn bản gốc.</div>"


def source_html(assistant, doc_id: str, start: int, end: int) -> str:
    """The section holding text[start:end] with that span marked; a note if it is gone."""
    parsed = next((p for p in assistant.corpus() if p.doc_id == doc_id), None)
    if parsed is None:
        return "<div class='src-empty'>Văn bản này không còn trong kho tài liệu.</div>"
    doc, text, tree = parsed.document, parsed.document.text, parsed.tree
    section = tree.section_at(start) or (tree.sections[0] if len(tree) else None)
    if section is None or not (0 <= start < end <= len(text)):
        return "<div class='src-empty'>Không tìm thấy đoạn trích trong văn bản hiện tại.</div>"
    top = min(section.start, start)
    bottom = max(section.own_end if end <= section.own_end else section.end, end)
    meta = doc.meta or {}
    facts = [
        f"Số hiệu: {escape(str(meta.get('number') or NOT_STATED))}",
        f"Ngày ban hành: {escape(_date(meta.get('issued')))}",
        f"Cơ quan ban hành: {escape(str(meta.get('issuer') or NOT_STATED))}",
    ]
    page = doc.page_at(start) if hasattr(doc, "page_at") else None
    if page:
        facts.append(f"Trang {page}")
    return (
        _STYLE
        + f"<div class='src'><div class='src-doc'>{escape(doc.title)}</div>"
        + f"<div class='src-meta'>{' · '.join(facts)}</div>"
        + f"<div class='src-crumb'>{escape(tree.breadcrumb(section.id, doc.short_title))}</div>"
        + "<div class='src-text'>" + escape(text[top:start]) + "<mark>" + escape(text[start:end]) + "</mark>"
        + escape(text[end:bottom]) + "</div></div>"
    )


def _date(iso) -> str:
    """'2022-07-15' -> '15/07/2022'; missing -> 'không ghi'."""
    if not iso:
        return NOT_STATED
    parts = str(iso).split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else str(iso)
