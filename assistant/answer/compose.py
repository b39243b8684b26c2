"""Turning chosen units into a short Vietnamese answer with citations, and the decline text."""

from __future__ import annotations

from assistant.model import Chunk, Citation, display_title
from assistant.text.units import Unit

_NO_MUC = ("preamble", "closing", "Chương", "Điều", "Phần")


def section_label(chunk: Chunk) -> str:
    """'Mục II.2.1 (Đến năm 2025)', 'Điều 5 (Phạm vi)', 'Phần mở đầu'."""
    heading = chunk.breadcrumb.rsplit(" > ", 1)[-1]
    if chunk.section_id == "preamble":
        return "phần mở đầu"
    if chunk.section_id == "closing":
        return "phần " + heading
    prefix = "" if chunk.section_id.startswith(_NO_MUC) else "Mục "
    title = display_title(chunk.section_title)
    title = title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
    return f"{prefix}{chunk.section_id} ({title})"


def citation_for(unit: Unit, short_title: str) -> Citation:
    body = unit.body
    start = unit.start + (len(unit.text) - len(body))
    heading = unit.chunk.breadcrumb.rsplit(" > ", 1)[-1]
    return Citation(
        doc_id=unit.doc_id, section_id=unit.section_id, title=heading, quote=body, start=start,
        end=start + len(body), label=f"{short_title} — {section_label(unit.chunk)}", page=unit.chunk.page_start,
    )


def compose(units: tuple[Unit, ...], headline: str, short_titles: dict[str, str]) -> tuple[str, tuple[Citation, ...]]:
    citations = tuple(citation_for(u, short_titles.get(u.doc_id, u.doc_id)) for u in units)
    sentences = []
    if headline:
        sentences.append(headline[:1].upper() + headline[1:] + ".")
    by_section: dict[str, list[Unit]] = {}
    for u in units:
        by_section.setdefault(f"{u.doc_id}#{u.section_id}", []).append(u)
    many_docs = len({u.doc_id for u in units}) > 1
    for group in by_section.values():
        chunk = group[0].chunk
        where = section_label(chunk) + (f" của {short_titles.get(chunk.doc_id, chunk.doc_id)}" if many_docs else "")
        quotes = " … ".join(_sentence(u.body) for u in group)
        sentences.append(f"Theo {where}: “{quotes}”")
    return " ".join(sentences), citations


def _sentence(text: str) -> str:
    """The quote as written (never re-capitalised: a quote is the document's exact text)."""
    return text.strip().rstrip(";,")


def decline_text(template: str, topics: list[str]) -> str:
    return template.strip().format(topics="; ".join(topics))
