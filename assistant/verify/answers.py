"""Checks of answers: every citation is a retrieved chunk, every claim is in what the answer
cites, and every figure of a generated sentence comes from a unit of the cited passages that
is about that sentence and of its horizon.

    problems = verify(answer_text, citations, retrieved_chunks, doc_titles)
    problem = check_sentence("Tỷ lệ đô thị hóa đạt trên 26% [1].", passages, units)
"""

from __future__ import annotations

from assistant.model import MARKER, Chunk, Citation, strip_markers
from assistant.text.normalize import years
from assistant.text.tokens import content_tokens, folded_tokens
from assistant.text.units import UnitIndex, coverage
from assistant.verify.claims import claim_key, claims, figures, fits_horizon, supported

# Share of a generated sentence's weighted terms the unit holding its figure must cover.
SUPPORT = 0.35


def unsupported_claims(text: str, citations: list[Citation] | tuple[Citation, ...], doc_titles: dict[str, str],
                       derived: tuple[str, ...] = ()) -> list[str]:
    """Claims of `text` found in none of the cited quotes, headings or document titles. The
    citation labels the answer writes ("Theo Mục II.2.2 (Định hướng đến năm 2030): ...") are
    ours, not claims: their digits are never checked as figures. `derived`: figures the answer
    read from the documents' structure, not their text (how many items a cited section has)."""
    for c in citations:
        label = c.label.rsplit(" — ", 1)[-1]
        if label:
            text = text.replace(label, " ")
    evidence = claim_key(" | ".join(
        [c.quote for c in citations] + [c.title for c in citations] + [doc_titles.get(c.doc_id, "") for c in citations]
        + [c.section_id for c in citations] + list(derived)
    ))
    return [c for c in claims(text) if not supported(c, evidence)]


def citations_outside(citations, retrieved: list[Chunk]) -> list[Citation]:
    """Citations whose quote is not inside a retrieved chunk."""
    return [c for c in citations
            if not any(ch.doc_id == c.doc_id and ch.start <= c.start and c.end <= ch.end for ch in retrieved)]


def verify(text: str, citations, retrieved: list[Chunk], doc_titles: dict[str, str],
           derived: tuple[str, ...] = ()) -> list[str]:
    """Problems found; an empty list means the answer may be shown."""
    problems = [f"citation {c.doc_id}#{c.section_id} is not a retrieved passage" for c in citations_outside(citations, retrieved)]
    if not citations:
        problems.append("the answer cites nothing")
    problems += [f"'{c}' is not in the cited text" for c in unsupported_claims(text, citations, doc_titles, derived)]
    return problems


def check_sentence(sentence: str, passages: list[Chunk], units: UnitIndex) -> str:
    """The problem with one generated sentence citing the numbered `passages` as [n], or ""."""
    cited = [int(n) for n in MARKER.findall(sentence) if 1 <= int(n) <= len(passages)]
    text = strip_markers(sentence).strip()
    stated = claims(text)
    if stated and not cited:
        return f"'{text}' states {', '.join(stated)} without citing a passage"
    chunks = [passages[n - 1] for n in cited]
    evidence = claim_key(" | ".join(c.context_text for c in chunks))
    missing = [c for c in stated if not supported(c, evidence)]
    if missing:
        return f"{', '.join(missing)} not found in passages {cited}"
    return misplaced_figures(text, stated, chunks, units)


def misplaced_figures(text: str, stated: list[str], chunks: list[Chunk], units: UnitIndex) -> str:
    """A figure must come from a unit that is about this sentence and of its horizon: a true
    number from another bullet ("100%" of fibre) or year ("26%" of 2025 said of 2030) is still
    a false claim."""
    tokens = content_tokens(text, units.abbreviations)
    stated_years = years(text)
    sources = []  # (section title, its tokens, unit) of every cited unit
    for chunk in chunks:
        heading = folded_tokens(chunk.section_title)
        sources += [(chunk.section_title, heading, unit) for unit in units.by_chunk.get(chunk.chunk_id, [])]
    for claim in figures(stated):
        if not any(supported(claim, claim_key(unit.text)) and fits_horizon(stated_years, title, unit.text)
                   and coverage(tokens, unit.tokens, heading, units.idf) >= SUPPORT for title, heading, unit in sources):
            return f"'{claim}' does not come from a passage about this statement"
    return ""
