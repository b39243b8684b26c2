"""Answers that quote whole sections: the one a question names ("Mục III.2 nói về gì?",
"Điều 206 quy định gì?", resolved in the tree of the question's document), the one whose
heading a summary or list question names ("Liệt kê các nhiệm vụ chủ yếu"), the one whose items
a count question counts ("có bao nhiêu nhóm giải pháp?"), the document's own parts a count
of them asks for ("Kế hoạch có mấy phần?", "Luật có bao nhiêu chương?"), and two parts a
comparison names by their headings. Each: the section's lines and every child, in order, verified."""

from __future__ import annotations

from assistant.answer.compose import compose
from assistant.answer.question import counted, question_parts
from assistant.answer.section_refs import section_refs
from assistant.answer.sections import (MAX_ITEMS, compared_sections, counted_parts, heading_names, heading_units,
                                      section_units, summary_section)
from assistant.answer.which_document import section_meant
from assistant.model import Answer, Hit
from assistant.text.units import UnitIndex
from assistant.verify.answers import verify


def whole_section(question: str, hits: list[Hit], corpus: list, units: UnitIndex, chunks: dict,
                  titles: dict[str, str]) -> Answer | None:
    """The whole-section answer to the question over the documents in scope (`corpus`), or
    None when it asks for no whole section (or the quote would not verify)."""
    if not corpus:
        return None
    pair = compared_sections(question, corpus, hits, units.abbreviations) if hits else None
    if pair is not None:  # two parts named by their headings, side by side, both cited
        parsed = next(p for p in corpus if p.tree.get(pair[0].id) is pair[0])
        chosen = tuple(u for s in pair for u in section_units(s, parsed, units, chunks))
        return quoted(chosen, hits, titles) if chosen else None
    # the document of the best hit, or the one in scope
    meant = next((p for p in corpus if hits and p.doc_id == hits[0].chunk.doc_id),
                 corpus[0] if len(corpus) == 1 else None)
    parts = counted_parts(question, meant) if meant is not None else None
    if parts:  # "Kế hoạch có mấy phần?": the count, and each part's heading (the first and last of many)
        word, found = parts
        shown = found if len(found) <= MAX_ITEMS else [found[0], found[-1]]
        chosen = heading_units(shown, meant, units, chunks)
        return quoted(chosen, hits, titles, f"{len(found)} {word}", (str(len(found)),)) if chosen else None
    section, parsed = None, None
    # A compound question is answered part by part (extract), never as one section.
    count = counted(question) if not question_parts(question) else None
    if count:  # "có bao nhiêu nhóm giải pháp?" counts the items of the section "những nhóm giải pháp nào?" lists
        question = question.replace(f"{count[0]} {count[1]}", f"những {count[1]} nào", 1)
    if section_refs(question):
        # The section named, in the document the question means (several that could be
        # meant were settled by the chain's _document_meant).
        picked = section_meant(question, corpus, units.abbreviations)
        if isinstance(picked, tuple):
            parsed, section = picked
    elif hits:
        section = summary_section(question, corpus, hits, units.abbreviations)
        if section is not None:
            parsed = next((p for p in corpus if p.tree.get(section.id) is section), None)
    if section is None or parsed is None:
        return None
    chosen = section_units(section, parsed, units, chunks)
    if not chosen:
        return None
    items = len(parsed.tree.children(section.id))
    if count and not (items and heading_names(section.title, count[1])):
        return None  # nothing to count, or a section that lists something else
    return quoted(tuple(chosen), hits, titles, f"{items} {count[1]}" if count else "", (str(items),) if count else ())


def quoted(chosen: tuple, hits: list[Hit], titles: dict[str, str], headline: str = "",
           derived: tuple[str, ...] = ()) -> Answer | None:
    """The units quoted with their sections, verified against the hits and the units' own
    chunks (None if they do not verify)."""
    evidence = [h.chunk for h in hits] + list({u.chunk.chunk_id: u.chunk for u in chosen}.values())
    text, citations = compose(chosen, headline, titles)
    if verify(text, citations, evidence, titles, derived=derived):
        return None
    return Answer(text, citations, backend="extractive")
