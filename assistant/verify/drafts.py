"""Checks of drafts: no figure, date, document number or name appears in a draft without a
footnoted quote that states it, and a figure said of a year comes from a quote of that year.

    problems = verify_draft(draft, {doc_id: title})   # [] when every block is backed
"""

from __future__ import annotations

from assistant.model import FRAME_KINDS, REQUEST_KIND, Block, Draft, Footnote, display_title
from assistant.text.normalize import years
from assistant.text.spans import strip_mark
from assistant.verify.claims import claim_key, claims, figures, fits_horizon, supported


def evidence_of(footnotes, extra: tuple[str, ...] = ()) -> str:
    return claim_key(" | ".join([f.quote for f in footnotes] + [f.label for f in footnotes] + list(extra)))


def verify_draft(draft: Draft, doc_titles: dict[str, str]) -> list[str]:
    """Problems found; empty means every figure, date, document number and name of the draft
    is in a footnoted quote. A block is checked against its own footnotes (a question against
    its answer's). Headings and the title frame the content: their names may come from any
    footnote, their figures only from section headings and document titles ("Đến năm 2025"),
    so a heading can never state a target. The user's topic is never evidence."""
    if draft.refused:
        return []  # a decline states nothing about the documents but their names
    by_n = {f.n: f for f in draft.footnotes}
    titles = tuple(doc_titles.values())
    everything = evidence_of(draft.footnotes, titles + tuple(f.heading for f in draft.footnotes))
    headings = claim_key(" | ".join(titles + tuple(f.label for f in draft.footnotes) + tuple(f.heading for f in draft.footnotes)))
    problems: list[str] = []
    for i, block in enumerate(draft.blocks):
        if block.kind == REQUEST_KIND:
            continue
        notes = block.notes
        if block.kind == "question" and i + 1 < len(draft.blocks):
            notes = draft.blocks[i + 1].notes  # a question is backed by its answer's footnotes
        unknown = [n for n in notes if n not in by_n]
        if unknown:
            problems.append(f"footnote {unknown} does not exist")
            continue
        cited = [by_n[n] for n in notes]
        framing = block.kind in FRAME_KINDS
        text = display_title(strip_mark(block.plain)) if framing else strip_mark(block.plain)
        for claim in claims(text):
            evidence = (headings if claim[:1].isdigit() else everything) if framing else evidence_of(cited, titles)
            if not supported(claim, evidence):
                problems.append(f"'{claim}' in “{block.text[:60]}” is not in its footnoted quotes")
        if not framing:
            problems += misplaced_years(block, text, cited)
    return problems


def misplaced_years(block: Block, text: str, cited: list[Footnote]) -> list[str]:
    """A figure said of a year must come from a footnote of that year (`fits_horizon`); a
    figure no footnoted quote holds is reported by the claim check instead."""
    stated = years(text)
    if not stated:
        return []
    out = []
    for claim in figures(claims(text)):
        holders = [f for f in cited if supported(claim, claim_key(f.quote))]
        if holders and not any(fits_horizon(stated, f.heading or f.label, f.quote) for f in holders):
            out.append(f"'{claim}' is stated for {', '.join(sorted(stated))} but its footnote is about another year")
    return out
