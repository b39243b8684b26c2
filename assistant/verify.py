"""Verification: every citation is a retrieved chunk, and every figure, year, document number
and proper name in an answer appears in what it cites (quotes and cited section headings)."""

from __future__ import annotations

import re

from .answer import Citation
from .chunking import Chunk
from .normalize import fold_diacritics, match_key, proper_names

_DOC_NUMBER = re.compile(r"\b\d+[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ]{1,6})+\b")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?\s*%?")  # dates and ratios (24/01/2022, 1/500) stay whole
# Words that start sentences or name this assistant's own labels, not claims about the world.
_LABEL_WORDS = frozenset(fold_diacritics(w) for w in "Theo Mục Kế Hoạch Tài Liệu Không Đề Cập Phần Mở Đầu Nơi Nhận Và Chữ Ký Điều Chương".split())


def claims(text: str) -> list[str]:
    """Figures, years, document numbers and proper names stated in a text."""
    out = [m.group(0) for m in _DOC_NUMBER.finditer(text)]
    without_docnos = _DOC_NUMBER.sub(" ", text)
    out += [m.group(0).strip() for m in _NUMBER.finditer(without_docnos)]
    for name in proper_names(text):
        words = name.split()
        while words and fold_diacritics(words[0]) in _LABEL_WORDS:  # "Theo Mục V", "Phần mở đầu"
            words.pop(0)
        if len(words) >= 2:
            out.append(" ".join(words))
    return out


def claim_key(text: str) -> str:
    """Comparison form of a claim: match_key without any spaces ('26 %' = '26%')."""
    return re.sub(r"\s+", "", match_key(text))


def unsupported_claims(text: str, citations: list[Citation] | tuple[Citation, ...], doc_titles: dict[str, str]) -> list[str]:
    """Claims of `text` found in none of the cited quotes, headings or document titles."""
    evidence = claim_key(" ".join(
        [c.quote for c in citations] + [c.title for c in citations] + [doc_titles.get(c.doc_id, "") for c in citations]
        + [c.section_id for c in citations]
    ))
    return [c for c in claims(text) if claim_key(c) not in evidence]


def citations_outside(citations, retrieved: list[Chunk]) -> list[Citation]:
    """Citations whose quote is not inside a retrieved chunk."""
    return [c for c in citations
            if not any(ch.doc_id == c.doc_id and ch.start <= c.start and c.end <= ch.end for ch in retrieved)]


def verify(text: str, citations, retrieved: list[Chunk], doc_titles: dict[str, str]) -> list[str]:
    """Problems found; an empty list means the answer may be shown."""
    problems = [f"citation {c.doc_id}#{c.section_id} is not a retrieved passage" for c in citations_outside(citations, retrieved)]
    if not citations:
        problems.append("the answer cites nothing")
    problems += [f"'{c}' is not in the cited text" for c in unsupported_claims(text, citations, doc_titles)]
    return problems
